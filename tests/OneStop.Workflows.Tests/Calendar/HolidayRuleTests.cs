using NUnit.Framework;
using OneStop.Workflows.Calendar;
using static OneStop.Workflows.Tests.Calendar.TestDates;

namespace OneStop.Workflows.Tests.Calendar;

/// <summary>Bộ luật Lao động 2019, Điều 111 khoản 3 and Điều 112, with no yearly decision.</summary>
[TestFixture]
public sealed class HolidayRuleTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    [Test]
    public void Ordinary_weekdays_are_worked_and_weekends_are_not()
    {
        Assert.That(Calendar.IsWorkingDay(D("2026-11-27")), Is.True, "Friday");
        Assert.That(Calendar.IsWorkingDay(D("2026-11-28")), Is.False, "Saturday");
        Assert.That(Calendar.IsWorkingDay(D("2026-11-29")), Is.False, "Sunday");
        Assert.That(Calendar.IsWorkingDay(D("2026-11-30")), Is.True, "Monday");
    }

    [Test]
    public void Tet_duong_lich_is_the_first_of_january()
    {
        Assert.That(Calendar.IsWorkingDay(D("2027-01-01")), Is.False, "Friday 1/1/2027");
        Assert.That(Calendar.IsWorkingDay(D("2027-01-04")), Is.True, "the Monday after");
        Assert.That(Calendar.NonWorkingWeekdays(2027)[0], Is.EqualTo(new Holiday(D("2027-01-01"), "Tết Dương lịch", HolidayKind.PublicHoliday)));
    }

    [Test]
    public void Holiday_on_saturday_gives_next_monday_off()
    {
        // 1/1/2028 is a Saturday.
        Assert.That(
            Calendar.NonWorkingWeekdays(2028)[0],
            Is.EqualTo(new Holiday(D("2028-01-03"), "Nghỉ bù Tết Dương lịch", HolidayKind.Compensatory)));
    }

    [Test]
    public void Holiday_on_sunday_gives_next_working_day_off()
    {
        // Giỗ Tổ 2026 is Sunday 26/04, so Monday 27/04 is nghỉ bù; Tuesday is worked again.
        Assert.That(
            Calendar.NonWorkingWeekdays(2026).Where(h => h.Date.Month == 4),
            Is.EqualTo(new[]
            {
                new Holiday(D("2026-04-27"), "Nghỉ bù Giỗ Tổ Hùng Vương", HolidayKind.Compensatory),
                new Holiday(D("2026-04-30"), "Ngày Chiến thắng", HolidayKind.PublicHoliday),
            }));
        Assert.That(Calendar.IsWorkingDay(D("2026-04-28")), Is.True);
    }

    [Test]
    public void Tet_nguyen_dan_is_last_day_of_lunar_year_and_first_four_days()
    {
        // Tết Bính Ngọ is Tuesday 17/02/2026: Monday 16/02 (last day of Ất Tỵ) to Friday 20/02 (mùng 4).
        var tet = Calendar.NonWorkingWeekdays(2026).Where(h => h.Date.Month == 2).ToList();
        Assert.That(tet.Select(h => h.Date), Is.EqualTo(new[] { D("2026-02-16"), D("2026-02-17"), D("2026-02-18"), D("2026-02-19"), D("2026-02-20") }));
        Assert.That(tet.Select(h => h.Name), Is.EqualTo(new[]
        {
            "Tết Nguyên đán (ngày cuối năm Âm lịch)", "Tết Nguyên đán (mùng 1)", "Tết Nguyên đán (mùng 2)",
            "Tết Nguyên đán (mùng 3)", "Tết Nguyên đán (mùng 4)",
        }));
        Assert.That(Calendar.IsWorkingDay(D("2026-02-13")), Is.True, "Friday before");
        Assert.That(Calendar.IsWorkingDay(D("2026-02-23")), Is.True, "Monday after");
    }

    [Test]
    public void Tet_last_day_may_be_the_29th_of_the_twelfth_month()
    {
        // Tết Ất Tỵ is Wednesday 29/01/2025; tháng Chạp had 29 days, so the last day is Tuesday 28/01 (29 tháng Chạp).
        // Mùng 4 is Saturday 01/02, which gives nghỉ bù on Monday 03/02.
        var tet = Calendar.NonWorkingWeekdays(2025).Where(h => h.Date.Month is 1 or 2 && h.Date.Day > 1).Select(h => h.Date);
        Assert.That(tet, Is.EqualTo(new[] { D("2025-01-28"), D("2025-01-29"), D("2025-01-30"), D("2025-01-31"), D("2025-02-03") }));
    }

    [Test]
    public void Tet_spanning_a_weekend_gives_compensatory_days_after_the_whole_block()
    {
        // Tết Đinh Mùi is Saturday 06/02/2027: Fri 05/02 last day, Sat 06 mùng 1, Sun 07 mùng 2, Mon 08 mùng 3, Tue 09 mùng 4.
        // Sat and Sun give nghỉ bù on the next weekdays that are not already off: Wed 10/02 and Thu 11/02.
        var february = Calendar.NonWorkingWeekdays(2027).Where(h => h.Date.Month == 2).ToList();
        Assert.That(february.Select(h => h.Date), Is.EqualTo(new[] { D("2027-02-05"), D("2027-02-08"), D("2027-02-09"), D("2027-02-10"), D("2027-02-11") }));
        Assert.That(february[3].Name, Is.EqualTo("Nghỉ bù Tết Nguyên đán"));
        Assert.That(february[4].Kind, Is.EqualTo(HolidayKind.Compensatory));
        Assert.That(Calendar.IsWorkingDay(D("2027-02-12")), Is.True);
    }

    [Test]
    public void Weekend_holidays_next_to_other_holidays_chain_past_them()
    {
        // 2023: Giỗ Tổ Sat 29/04, Chiến thắng Sun 30/04, Lao động Mon 01/05. Nghỉ bù: Tue 02/05 (Giỗ Tổ), Wed 03/05 (30/4)
        // — the 29/4–3/5 break announced for 2023.
        var days = Calendar.NonWorkingWeekdays(2023).Where(h => h.Date.Month is 4 or 5).ToList();
        Assert.That(days, Is.EqualTo(new[]
        {
            new Holiday(D("2023-05-01"), "Ngày Quốc tế Lao động", HolidayKind.PublicHoliday),
            new Holiday(D("2023-05-02"), "Nghỉ bù Giỗ Tổ Hùng Vương", HolidayKind.Compensatory),
            new Holiday(D("2023-05-03"), "Nghỉ bù Ngày Chiến thắng", HolidayKind.Compensatory),
        }));
        Assert.That(Calendar.IsWorkingDay(D("2023-05-04")), Is.True);
    }

    [Test]
    public void Gio_To_Hung_Vuong_is_a_day_off()
    {
        Assert.That(Calendar.NonWorkingWeekdays(2027), Does.Contain(new Holiday(D("2027-04-16"), "Giỗ Tổ Hùng Vương", HolidayKind.PublicHoliday)));
        Assert.That(Calendar.NonWorkingWeekdays(2028), Does.Contain(new Holiday(D("2028-04-04"), "Giỗ Tổ Hùng Vương", HolidayKind.PublicHoliday)));
    }

    [Test]
    public void Victory_day_on_sunday_is_compensated_after_labour_day()
    {
        // 2028: Sun 30/04, Mon 01/05 → nghỉ bù Tue 02/05.
        var days = Calendar.NonWorkingWeekdays(2028).Where(h => h.Date.Month == 5).ToList();
        Assert.That(days, Is.EqualTo(new[]
        {
            new Holiday(D("2028-05-01"), "Ngày Quốc tế Lao động", HolidayKind.PublicHoliday),
            new Holiday(D("2028-05-02"), "Nghỉ bù Ngày Chiến thắng", HolidayKind.Compensatory),
        }));
    }

    [Test]
    public void Victory_day_and_labour_day_on_weekdays()
    {
        Assert.That(Calendar.IsWorkingDay(D("2026-04-30")), Is.False, "Thursday");
        Assert.That(Calendar.IsWorkingDay(D("2026-05-01")), Is.False, "Friday");
        Assert.That(Calendar.IsWorkingDay(D("2026-05-04")), Is.True, "Monday after: nothing to compensate");
    }

    [Test]
    public void National_day_is_second_of_september_with_first_of_september_by_default()
    {
        var september = Calendar.NonWorkingWeekdays(2026).Where(h => h.Date.Month == 9).ToList();
        Assert.That(september, Is.EqualTo(new[]
        {
            new Holiday(D("2026-09-01"), "Quốc khánh (ngày liền kề)", HolidayKind.PublicHoliday),
            new Holiday(D("2026-09-02"), "Quốc khánh", HolidayKind.PublicHoliday),
        }));
        Assert.That(Calendar.IsWorkingDay(D("2026-09-03")), Is.True);
    }

    [Test]
    public void National_day_on_a_weekend_gives_two_compensatory_days()
    {
        // 2029: Sat 01/09 and Sun 02/09 → Mon 03/09 and Tue 04/09.
        var september = Calendar.NonWorkingWeekdays(2029).Where(h => h.Date.Month == 9).ToList();
        Assert.That(september.Select(h => (h.Date, h.Name)), Is.EqualTo(new[]
        {
            (D("2029-09-03"), "Nghỉ bù Quốc khánh"),
            (D("2029-09-04"), "Nghỉ bù Quốc khánh"),
        }));
    }

    [Test]
    public void Non_working_weekdays_of_2027_by_hand()
    {
        // Reasoned from the rules: 1/1 Fri; Tết 5–9/2 with nghỉ bù 10–11/2; Giỗ Tổ Fri 16/4; 30/4 Fri;
        // 1/5 Sat → Mon 3/5; Quốc khánh Wed 1/9 + Thu 2/9.
        Assert.That(Calendar.NonWorkingWeekdays(2027).Select(h => h.Date), Is.EqualTo(new[]
        {
            D("2027-01-01"), D("2027-02-05"), D("2027-02-08"), D("2027-02-09"), D("2027-02-10"), D("2027-02-11"),
            D("2027-04-16"), D("2027-04-30"), D("2027-05-03"), D("2027-09-01"), D("2027-09-02"),
        }));
    }

    [Test]
    public void Every_year_has_eleven_public_holidays_worth_of_days_off()
    {
        // 11 public holiday days per year (Điều 112: 1 + 5 + 1 + 1 + 1 + 2); each on a weekend is replaced by one
        // weekday, so every year has exactly 11 non-working weekdays, unless two holidays share a date.
        for (var year = 1901; year <= 2100; year++)
        {
            var days = Calendar.NonWorkingWeekdays(year);
            Assert.That(days.Select(h => h.Date), Is.Ordered.And.Unique, $"{year}");
            Assert.That(days.All(h => h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)), Is.True, $"{year}");
            var shared = days.Count(h => h.Name.Contains(", ", StringComparison.Ordinal));
            Assert.That(days, Has.Count.EqualTo(11 - shared), $"{year}");
        }
    }
}
