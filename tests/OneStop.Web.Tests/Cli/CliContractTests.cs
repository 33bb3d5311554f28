using System.Globalization;
using System.Text.RegularExpressions;

namespace OneStop.Web.Tests.Cli;

/// <summary>The <c>onestop</c> command lines that operators and acceptance checks rely on (ARCHITECTURE.md §5), run as a process.</summary>
public sealed partial class CliContractTests
{
    [Test]
    public async Task Calendar_due_prints_the_due_instant_three_working_days_after_a_friday_morning()
    {
        // Fri 27/11/2026 09:00 + 3 × 8 working hours: Fri 6 h left, Mon 8 h, Tue 8 h, Wed 2 h → Wed 02/12 09:00.
        var (code, stdout, _) = await ProcessRunner.OneStopAsync("calendar", "due", "--from", "2026-11-27T09:00", "--working-days", "3");

        Assert.That(code, Is.Zero);
        Assert.That(stdout, Is.EqualTo("2026-12-02T09:00\n"));
    }

    [Test]
    public async Task Calendar_due_in_working_hours_skips_the_lunch_break()
    {
        // 10:30 + 2 h: one hour until 11:30, one more from 13:30 → 14:30.
        var (code, stdout, _) = await ProcessRunner.OneStopAsync("calendar", "due", "--from", "2026-11-27T10:30", "--working-hours", "2");

        Assert.That(code, Is.Zero);
        Assert.That(stdout, Is.EqualTo("2026-11-27T14:30\n"));
    }

    [Test]
    public async Task Calendar_holidays_lists_sorted_weekdays_off_with_tab_separated_names()
    {
        var (code, stdout, _) = await ProcessRunner.OneStopAsync("calendar", "holidays", "--year", "2027");
        var lines = stdout.TrimEnd('\n').Split('\n');
        var dates = lines.Select(l => DateOnly.ParseExact(l.Split('\t')[0], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(lines, Has.All.Match(HolidayLine()));
            Assert.That(dates, Is.Ordered.And.Unique);
            Assert.That(dates, Has.None.Matches<DateOnly>(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
            // Lunar New Year 2027 is Sat 06/02: the eve (Fri 05/02) and mùng 3–4 (Mon–Tue) are off on their own days.
            Assert.That(lines, Has.Some.StartsWith("2027-02-05\tTết Nguyên đán"));
            Assert.That(lines, Has.Some.StartsWith("2027-02-09\tTết Nguyên đán"));
            Assert.That(lines, Has.Some.StartsWith("2027-04-16\tGiỗ Tổ Hùng Vương"));
        });
    }

    [Test]
    public async Task Calendar_due_with_a_malformed_date_says_so_in_vietnamese_and_exits_2()
    {
        var (code, stdout, stderr) = await ProcessRunner.OneStopAsync("calendar", "due", "--from", "27/11/2026", "--working-days", "3");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("yyyy-MM-ddTHH:mm"));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}\t\S.*$")]
    private static partial Regex HolidayLine();
}
