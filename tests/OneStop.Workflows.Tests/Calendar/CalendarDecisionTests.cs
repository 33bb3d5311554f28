using NUnit.Framework;
using OneStop.Workflows.Calendar;
using static OneStop.Workflows.Tests.Calendar.TestDates;

namespace OneStop.Workflows.Tests.Calendar;

/// <summary>Yearly decisions and dated rules from workflows/calendar/*.yaml.</summary>
[TestFixture]
public sealed class CalendarDecisionTests
{
    private const string Swap2026 = """
        year: 2026
        source: test decision
        extraDaysOff:
          - date: 2026-01-02
            name: Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)
        workingDays:
          - date: 2026-01-10
            name: Làm bù cho thứ Sáu 02/01/2026
        """;

    private const string CultureDayRule = """
        rules:
          - name: Ngày Văn hóa Việt Nam
            every: 24/11
            from: 2026-07-01
            source: Nghị quyết 28/2026/QH16 (reported, verify)
        """;

    [Test]
    public void Make_up_saturday_is_a_working_day()
    {
        var calendar = Calendar(Swap2026);
        Assert.That(calendar.IsWorkingDay(D("2026-01-10")), Is.True);
        Assert.That(WorkingCalendar.Default.IsWorkingDay(D("2026-01-10")), Is.False, "premise: a Saturday");
        // Thu 08/01 09:00 + 2 days: Thu 360, Fri 09/01 480 (840), Sat 10/01 07:00 + 120 = 09:00.
        Assert.That(calendar.AddWorkingDays(T("2026-01-08T09:00"), 2), Is.EqualTo(T("2026-01-10T09:00")));
        Assert.That(calendar.NonWorkingWeekdays(2026).Select(h => h.Date), Does.Not.Contain(D("2026-01-10")));
    }

    [Test]
    public void Swapped_weekday_is_a_day_off_with_its_name()
    {
        var calendar = Calendar(Swap2026);
        Assert.That(calendar.IsWorkingDay(D("2026-01-02")), Is.False);
        Assert.That(calendar.NonWorkingWeekdays(2026).Take(2), Is.EqualTo(new[]
        {
            new Holiday(D("2026-01-01"), "Tết Dương lịch", HolidayKind.PublicHoliday),
            new Holiday(D("2026-01-02"), "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)", HolidayKind.DecisionDayOff),
        }));
        // Wed 31/12/2025 16:00 + 120 min: 60 that day; Thu 1/1 and Fri 2/1 off, weekend; Mon 05/01 07:00 + 60.
        Assert.That(calendar.AddWorkingMinutes(T("2025-12-31T16:00"), 120), Is.EqualTo(T("2026-01-05T08:00")));
    }

    [Test]
    public void National_day_adjacent_may_be_the_third_of_september()
    {
        var calendar = Calendar("year: 2026\nnationalDayAdjacent: 2026-09-03\n");
        Assert.That(calendar.IsWorkingDay(D("2026-09-01")), Is.True);
        Assert.That(calendar.IsWorkingDay(D("2026-09-02")), Is.False);
        Assert.That(calendar.IsWorkingDay(D("2026-09-03")), Is.False);
        Assert.That(calendar.IsWorkingDay(D("2027-09-01")), Is.False, "other years keep the default 1/9");
    }

    [Test]
    public void Culture_day_is_off_from_2026_but_not_in_2025()
    {
        var calendar = Calendar(CultureDayRule);
        Assert.That(calendar.IsWorkingDay(D("2025-11-24")), Is.True, "Monday 24/11/2025, before the rule");
        Assert.That(calendar.NonWorkingWeekdays(2026), Does.Contain(new Holiday(D("2026-11-24"), "Ngày Văn hóa Việt Nam", HolidayKind.PublicHoliday)));
        // Sat 24/11/2029 → nghỉ bù Mon 26/11/2029.
        Assert.That(calendar.NonWorkingWeekdays(2029), Does.Contain(new Holiday(D("2029-11-26"), "Nghỉ bù Ngày Văn hóa Việt Nam", HolidayKind.Compensatory)));
    }

    [Test]
    public void Rule_with_an_end_date_stops()
    {
        var calendar = Calendar("rules:\n  - name: Ngày thử\n    every: 15/6\n    from: 2026-01-01\n    until: 2027-12-31\n");
        Assert.That(calendar.IsWorkingDay(D("2026-06-15")), Is.False, "Monday, in force");
        Assert.That(calendar.IsWorkingDay(D("2028-06-15")), Is.True, "Thursday, expired");
    }

    [Test]
    public void Repository_calendar_files_load_and_add_the_culture_day()
    {
        var calendar = WorkingCalendar.Load(WorkflowsDirectory());
        Assert.That(calendar.IsWorkingDay(D("2026-11-24")), Is.False);
        Assert.That(calendar.IsWorkingDay(D("2025-11-24")), Is.True);
        Assert.That(calendar.Decisions.ForYear(2026), Is.Not.Null);
        // The 2026 file states what the rules give: Tết 16–20/02 and Monday 27/04 off.
        Assert.That(
            calendar.NonWorkingWeekdays(2026).Where(h => h.Date.Month is 2 or 4).Select(h => h.Date),
            Is.EqualTo(new[] { D("2026-02-16"), D("2026-02-17"), D("2026-02-18"), D("2026-02-19"), D("2026-02-20"), D("2026-04-27"), D("2026-04-30") }));
    }

    [TestCase("year: 2026\nsource: x\nnationalDayAdjacent: 2026-09-05\n", 3, "nationalDayAdjacent must be 2026-09-01 or 2026-09-03")]
    [TestCase("year: 2026\nholidays: []\n", 2, "unknown key 'holidays'")]
    [TestCase("year: 2026\nextraDaysOff:\n  - date: 2026-01-02\n    name: a\n  - date: 2026-01-03\n    name: b\n", 5, "is a Saturday")]
    [TestCase("year: 2026\nworkingDays:\n  - date: 2026-02-30\n    name: a\n", 3, "must be a date written yyyy-MM-dd")]
    [TestCase("year: 2026\nworkingDays:\n  - date: 2027-01-09\n    name: a\n", 3, "is not in year 2026")]
    [TestCase("year: 2026\nworkingDays:\n  - date: 2026-01-10\n", 3, "needs 'date' and 'name'")]
    [TestCase("extraDaysOff:\n  - date: 2026-01-02\n    name: a\n", 1, "need a 'year' key")]
    [TestCase("year: 1800\n", 1, "year must be a number from 1900 to 2100")]
    [TestCase("rules:\n  - name: X\n    every: 31/02\n    from: 2026-01-01\n", 3, "every must be a day/month")]
    [TestCase("rules:\n  - name: X\n    every: 1/6\n", 2, "needs name, every (day/month) and from")]
    [TestCase("year: 2026\nsource: a: b\n", 2, "")]
    [TestCase("- 2026\n", 1, "must be a mapping")]
    public void Broken_calendar_file_is_refused_with_file_and_line(string yaml, int line, string message)
    {
        var ex = Assert.Throws<CalendarFileException>(() => CalendarDecisions.Parse(yaml, "2026.yaml"));
        Assert.That(ex.Problems, Has.Count.EqualTo(1), ex.Message);
        Assert.That(ex.Problems[0].ToString(), Does.StartWith($"2026.yaml:{line}: ").And.Contain(message));
    }

    [Test]
    public void Load_reports_the_path_of_the_broken_file_and_every_problem()
    {
        var directory = Directory.CreateTempSubdirectory("onestop-calendar-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "2026.yaml"), "year: 2026\nnationalDayAdjacent: 2026-09-04\nextra: 1\n");
            File.WriteAllText(Path.Combine(directory.FullName, "2027.yaml"), "year: 2026\n");
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not read");
            var ex = Assert.Throws<CalendarFileException>(() => CalendarDecisions.Load(directory.FullName));
            var file2026 = Path.Combine(directory.FullName, "2026.yaml");
            var file2027 = Path.Combine(directory.FullName, "2027.yaml");
            Assert.That(ex.Problems.Select(p => $"{p.File}:{p.Line}"), Is.EqualTo(new[] { $"{file2026}:2", $"{file2026}:3", $"{file2027}:1" }));
            Assert.That(ex.Problems[2].Message, Does.Contain("already defined in " + file2026));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void Empty_and_comment_only_files_are_accepted()
    {
        Assert.That(CalendarDecisions.Parse("", "a.yaml").Years, Is.Empty);
        Assert.That(CalendarDecisions.Parse("# nothing yet\n", "a.yaml").Rules, Is.Empty);
    }

    private static WorkingCalendar Calendar(string yaml) => new(OfficeHours.Default, CalendarDecisions.Parse(yaml, "test.yaml"));

    private static string WorkflowsDirectory()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "workflows", "calendar")))
            {
                return Path.Combine(dir.FullName, "workflows");
            }
        }

        throw new DirectoryNotFoundException("workflows/calendar not found above the test directory");
    }
}
