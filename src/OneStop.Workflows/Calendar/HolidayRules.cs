namespace OneStop.Workflows.Calendar;

/// <summary>
/// Days off of one solar year from Bộ luật Lao động 2019 (Điều 111, 112) plus the decisions.
/// The 2019 Code (in force since 2021) is applied to every year 1900–2100: earlier years had other holiday laws.
/// </summary>
internal static class HolidayRules
{
    public const string CompensatoryPrefix = "Nghỉ bù ";

    /// <summary>A public holiday; <paramref name="Occasion"/> names the nghỉ bù day it may give.</summary>
    internal readonly record struct PublicHoliday(DateOnly Date, string Name, string Occasion);

    /// <summary>Public holidays of <paramref name="year"/> (including those on weekends), by date.</summary>
    public static List<PublicHoliday> PublicHolidays(int year, CalendarDecisions decisions)
    {
        var list = new List<PublicHoliday>(16);

        // Điều 112 khoản 1 điểm a: Tết Dương lịch, 1/1.
        list.Add(new(new DateOnly(year, 1, 1), "Tết Dương lịch", "Tết Dương lịch"));

        // Điều 112 khoản 1 điểm b: Tết Âm lịch 05 ngày — the last day of the old lunar year (29 or 30 tháng Chạp) and mùng 1–4.
        // (The Code lets the Government pick the days; the Bộ Nội vụ practice since 2021 is "ngày cuối năm + 4 ngày đầu năm".)
        const string tet = "Tết Nguyên đán";
        var newYear = VietnameseLunarCalendar.ToSolar(year, 1, 1);
        list.Add(new(newYear.AddDays(-1), $"{tet} (ngày cuối năm Âm lịch)", tet));

        for (var day = 1; day <= 4; day++)
        {
            list.Add(new(newYear.AddDays(day - 1), $"{tet} (mùng {day})", tet));
        }

        // Điều 112 khoản 1 điểm c: Giỗ Tổ Hùng Vương, 10/3 Âm lịch (the ordinary, not the leap, 3rd month).
        list.Add(new(VietnameseLunarCalendar.ToSolar(year, 3, 10), "Giỗ Tổ Hùng Vương", "Giỗ Tổ Hùng Vương"));

        // Điều 112 khoản 1 điểm d, đ.
        list.Add(new(new DateOnly(year, 4, 30), "Ngày Chiến thắng", "Ngày Chiến thắng"));
        list.Add(new(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động", "Ngày Quốc tế Lao động"));

        // Điều 112 khoản 1 điểm đ: Quốc khánh 2/9 and "01 ngày liền kề (trước hoặc sau)": 1/9 unless the year's decision says 3/9.
        list.Add(new(new DateOnly(year, 9, 2), "Quốc khánh", "Quốc khánh"));
        var adjacent = decisions.ForYear(year)?.NationalDayAdjacent ?? new DateOnly(year, 9, 1);
        list.Add(new(adjacent, "Quốc khánh (ngày liền kề)", "Quốc khánh"));

        foreach (var rule in decisions.Rules)
        {
            if (rule.OccurrenceIn(year) is { } date)
            {
                list.Add(new(date, rule.Name, rule.Name));
            }
        }

        list.Sort((a, b) => a.Date.CompareTo(b.Date));
        return MergeSameDay(list);
    }

    /// <summary>
    /// All days off of <paramref name="year"/>: public holidays (also those on weekends), nghỉ bù days and decision days off.
    /// Make-up working days are not removed here; the year table applies them last.
    /// </summary>
    public static Dictionary<DateOnly, Holiday> DaysOff(int year, CalendarDecisions decisions)
    {
        // Include the previous year so a late-December holiday on a weekend can give a nghỉ bù day in January.
        var holidays = year > VietnameseLunarCalendar.MinSolarDate.Year
            ? [.. PublicHolidays(year - 1, decisions), .. PublicHolidays(year, decisions)]
            : PublicHolidays(year, decisions);

        var off = new Dictionary<DateOnly, Holiday>(32);
        foreach (var h in holidays)
        {
            off[h.Date] = new Holiday(h.Date, h.Name, HolidayKind.PublicHoliday);
        }

        foreach (var y in (int[])[year - 1, year])
        {
            foreach (var d in decisions.ForYear(y)?.ExtraDaysOff ?? [])
            {
                off.TryAdd(d.Date, d);
            }
        }

        // Điều 111 khoản 3: a holiday on the weekly rest day (Sat/Sun for the 40-hour week of state agencies) gives the
        // next working day off. Chronological order, skipping days already off, makes chains (Tết over a weekend) work.
        foreach (var h in holidays)
        {
            if (!IsWeekend(h.Date))
            {
                continue;
            }

            var day = h.Date.AddDays(1);
            while (IsWeekend(day) || off.ContainsKey(day))
            {
                day = day.AddDays(1);
            }

            off[day] = new Holiday(day, CompensatoryPrefix + h.Occasion, HolidayKind.Compensatory);
        }

        foreach (var date in off.Keys.Where(d => d.Year != year).ToList())
        {
            off.Remove(date);
        }

        return off;
    }

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>Two holidays on one day (possible when Giỗ Tổ meets 30/4 or 1/5) are one day off, named after both.</summary>
    private static List<PublicHoliday> MergeSameDay(List<PublicHoliday> sorted)
    {
        for (var i = sorted.Count - 1; i > 0; i--)
        {
            if (sorted[i].Date == sorted[i - 1].Date)
            {
                var a = sorted[i - 1];
                var b = sorted[i];
                sorted[i - 1] = new(a.Date, $"{a.Name}, {b.Name}", $"{a.Occasion}, {b.Occasion}");
                sorted.RemoveAt(i);
            }
        }

        return sorted;
    }
}
