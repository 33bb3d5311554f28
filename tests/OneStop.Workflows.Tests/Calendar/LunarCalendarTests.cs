using System.Globalization;
using NUnit.Framework;
using OneStop.Workflows.Calendar;

namespace OneStop.Workflows.Tests.Calendar;

[TestFixture]
public sealed class LunarCalendarTests
{
    private static readonly ChineseLunisolarCalendar China = new();

    // Tết Nguyên đán (1/1 âm lịch) from published Vietnamese calendars (lịch vạn niên).
    [TestCase(2024, "2024-02-10")]
    [TestCase(2025, "2025-01-29")]
    [TestCase(2026, "2026-02-17")]
    [TestCase(2027, "2027-02-06")]
    [TestCase(2028, "2028-01-26")]
    [TestCase(2029, "2029-02-13")]
    [TestCase(2030, "2030-02-02")]
    [TestCase(2031, "2031-01-23")]
    [TestCase(1968, "1968-01-29")]
    [TestCase(1969, "1969-02-16")]
    [TestCase(1985, "1985-01-21")]
    [TestCase(2007, "2007-02-17")]
    [TestCase(2053, "2053-02-18")]
    public void Lunar_new_year_is_first_day_of_first_month(int year, string expected)
    {
        Assert.That(VietnameseLunarCalendar.ToSolar(year, 1, 1), Is.EqualTo(Date(expected)));
        Assert.That(VietnameseLunarCalendar.FromSolar(Date(expected)), Is.EqualTo(new LunarDate(year, 1, 1, false)));
    }

    // Giỗ Tổ Hùng Vương (10/3 âm lịch). 2023 has a leap 2nd month, which pushes it to 29/4.
    [TestCase(2009, "2009-04-04")]
    [TestCase(2023, "2023-04-29")]
    [TestCase(2025, "2025-04-07")]
    [TestCase(2026, "2026-04-26")]
    [TestCase(2027, "2027-04-16")]
    [TestCase(2028, "2028-04-04")]
    [TestCase(2029, "2029-04-23")]
    [TestCase(2030, "2030-04-12")]
    public void Gio_To_is_tenth_day_of_third_lunar_month(int year, string expected)
    {
        Assert.That(VietnameseLunarCalendar.ToSolar(year, 3, 10), Is.EqualTo(Date(expected)));
    }

    // New moons between 16:00 and 17:00 UTC are on different days in UTC+7 and UTC+8:
    // this is why the calendar cannot use .NET's ChineseLunisolarCalendar.
    [TestCase(1968, "1968-01-30")]
    [TestCase(1969, "1969-02-17")]
    [TestCase(1985, "1985-02-20")]
    [TestCase(2007, "2007-02-18")]
    [TestCase(2030, "2030-02-03")]
    [TestCase(2053, "2053-02-19")]
    public void Lunar_new_year_differs_from_china_when_new_moon_falls_between_midnights(int year, string chinese)
    {
        Assert.That(ChineseNewYear(year), Is.EqualTo(Date(chinese)), "premise: .NET's (UTC+8) calendar");
        Assert.That(VietnameseLunarCalendar.ToSolar(year, 1, 1), Is.Not.EqualTo(ChineseNewYear(year)));
    }

    [Test]
    public void Gio_To_2009_differs_from_china()
    {
        var chinese = DateOnly.FromDateTime(China.ToDateTime(2009, 3, 10, 0, 0, 0, 0));
        Assert.That(chinese, Is.EqualTo(Date("2009-04-05")), "premise: .NET's (UTC+8) calendar");
        Assert.That(VietnameseLunarCalendar.ToSolar(2009, 3, 10), Is.EqualTo(Date("2009-04-04")));
    }

    [TestCase(2024)]
    [TestCase(2025)]
    [TestCase(2026)]
    [TestCase(2027)]
    [TestCase(2028)]
    [TestCase(2029)]
    public void Lunar_new_year_equals_china_in_ordinary_years(int year)
    {
        Assert.That(VietnameseLunarCalendar.ToSolar(year, 1, 1), Is.EqualTo(ChineseNewYear(year)));
    }

    [Test]
    public void Last_day_of_lunar_year_may_be_the_29th()
    {
        // Tháng Chạp Giáp Thìn began 31/12/2024 and Ất Tỵ began 29/01/2025: a 29-day month.
        Assert.That(VietnameseLunarCalendar.FromSolar(Date("2025-01-28")), Is.EqualTo(new LunarDate(2024, 12, 29, false)));
        Assert.That(() => VietnameseLunarCalendar.ToSolar(2024, 12, 30), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Leap_month_is_reported_and_converted()
    {
        // Năm Ất Tỵ 2025 has tháng 6 nhuận, beginning 25/07/2025; ordinary tháng 6 began 25/06/2025.
        Assert.That(VietnameseLunarCalendar.FromSolar(Date("2025-07-25")), Is.EqualTo(new LunarDate(2025, 6, 1, true)));
        Assert.That(VietnameseLunarCalendar.ToSolar(2025, 6, 1, leapMonth: true), Is.EqualTo(Date("2025-07-25")));
        Assert.That(VietnameseLunarCalendar.ToSolar(2025, 6, 1), Is.EqualTo(Date("2025-06-25")));
        Assert.That(() => VietnameseLunarCalendar.ToSolar(2025, 5, 1, leapMonth: true), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => VietnameseLunarCalendar.ToSolar(2026, 6, 1, leapMonth: true), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Solar_and_lunar_round_trip_every_day_1900_to_2100()
    {
        var failures = new List<string>();
        var previous = VietnameseLunarCalendar.FromSolar(VietnameseLunarCalendar.MinSolarDate);
        var monthLength = 0;
        var leapMonths = 0;
        for (var d = VietnameseLunarCalendar.MinSolarDate; d <= VietnameseLunarCalendar.MaxSolarDate; d = d.AddDays(1))
        {
            var lunar = VietnameseLunarCalendar.FromSolar(d);
            DateOnly? back;
            try
            {
                back = VietnameseLunarCalendar.ToSolar(lunar.Year, lunar.Month, lunar.Day, lunar.IsLeapMonth);
            }
            catch (ArgumentOutOfRangeException e)
            {
                back = null;
                failures.Add($"{d:yyyy-MM-dd} -> {lunar}: {e.Message}");
            }

            if (back is not null && back != d)
            {
                failures.Add($"{d:yyyy-MM-dd} -> {lunar} -> {back:yyyy-MM-dd}");
            }

            // Consecutive days: the lunar day goes up by one, or a new month of 29 or 30 days starts.
            if (d > VietnameseLunarCalendar.MinSolarDate)
            {
                if (lunar.Day == 1)
                {
                    if (monthLength > 0 && previous.Day is not (29 or 30))
                    {
                        failures.Add($"{d:yyyy-MM-dd}: month before ended on day {previous.Day}");
                    }

                    var expectedNext = lunar.IsLeapMonth
                        ? previous with { Day = 1, IsLeapMonth = true }
                        : previous.Month == 12
                            ? new LunarDate(previous.Year + 1, 1, 1, false)
                            : new LunarDate(previous.Year, previous.Month + 1, 1, false);
                    if (lunar != expectedNext)
                    {
                        failures.Add($"{d:yyyy-MM-dd}: {previous} followed by {lunar}");
                    }

                    monthLength = 1;
                }
                else if (lunar.Day != previous.Day + 1 || lunar.Month != previous.Month || lunar.Year != previous.Year)
                {
                    failures.Add($"{d:yyyy-MM-dd}: {previous} followed by {lunar}");
                }
                else
                {
                    monthLength++;
                }
            }

            if (lunar.IsLeapMonth && lunar.Day == 1)
            {
                leapMonths++;
            }

            previous = lunar;
            if (failures.Count > 10)
            {
                break;
            }
        }

        Assert.That(failures, Is.Empty);

        // Metonic cycle: 7 leap months every 19 years, so 73–75 in 201 years.
        Assert.That(leapMonths, Is.InRange(73, 75));
    }

    [Test]
    public void Every_lunar_year_has_twelve_or_thirteen_months_and_new_year_between_21_january_and_20_february()
    {
        for (var year = 1901; year <= 2100; year++)
        {
            var newYear = VietnameseLunarCalendar.ToSolar(year, 1, 1);
            Assert.That(newYear, Is.InRange(new DateOnly(year, 1, 21), new DateOnly(year, 2, 20)), $"Tết {year}");
        }
    }

    [Test]
    public void Dates_outside_1900_to_2100_are_refused()
    {
        Assert.That(() => VietnameseLunarCalendar.FromSolar(new DateOnly(1899, 12, 31)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => VietnameseLunarCalendar.FromSolar(new DateOnly(2101, 1, 1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => VietnameseLunarCalendar.ToSolar(2101, 1, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static DateOnly ChineseNewYear(int year) => DateOnly.FromDateTime(China.ToDateTime(year, 1, 1, 0, 0, 0, 0));

    private static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
