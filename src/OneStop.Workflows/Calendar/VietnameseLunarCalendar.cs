namespace OneStop.Workflows.Calendar;

/// <summary>
/// Vietnamese lunisolar calendar after Hồ Ngọc Đức's algorithm ("Âm lịch Việt Nam"), computed for
/// the meridian of UTC+7. .NET's ChineseLunisolarCalendar uses UTC+8, so new moons shortly after
/// 16:00 UTC fall on different days (e.g. Tết 1985, 2007, 2030, 2053) — hence the hand-written code.
/// Valid for solar dates 1900-01-01 … 2100-12-31.
/// </summary>
public static class VietnameseLunarCalendar
{
    /// <summary>Hours east of Greenwich used for Vietnam since 1968 (the lunar calendar is fixed to UTC+7).</summary>
    private const double TimeZone = 7.0;

    /// <summary>JD offset: DateOnly.DayNumber 0 (0001-01-01 proleptic Gregorian) is Julian Day 1721426.</summary>
    private const int JulianDayOfDayNumberZero = 1721426;

    private const double SynodicMonth = 29.530588853;
    private const double NewMoonEpoch = 2415021.076998695; // JD of the new moon of 1900-01-01

    public static DateOnly MinSolarDate { get; } = new(1900, 1, 1);
    public static DateOnly MaxSolarDate { get; } = new(2100, 12, 31);

    /// <summary>Converts a solar (Gregorian) date to the Vietnamese lunar date.</summary>
    public static LunarDate FromSolar(DateOnly date)
    {
        if (date < MinSolarDate || date > MaxSolarDate)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, "Supported range is 1900-01-01 to 2100-12-31.");
        }

        var dayNumber = date.DayNumber + JulianDayOfDayNumberZero;
        // The mean-month estimate can be off by one month when the true new moon is far from the mean one
        // (the published JavaScript gives "day 0" on 2054-05-07 and 2062-04-09), so step until it brackets the day.
        var k = (int)Math.Floor((dayNumber - NewMoonEpoch) / SynodicMonth) + 1;
        var monthStart = NewMoonDay(k);
        while (monthStart > dayNumber)
        {
            monthStart = NewMoonDay(--k);
        }

        for (var next = NewMoonDay(k + 1); next <= dayNumber; next = NewMoonDay(++k + 1))
        {
            monthStart = next;
        }

        var a11 = LunarMonth11(date.Year);
        var b11 = a11;
        int lunarYear;
        if (a11 >= monthStart)
        {
            lunarYear = date.Year;
            a11 = LunarMonth11(date.Year - 1);
        }
        else
        {
            lunarYear = date.Year + 1;
            b11 = LunarMonth11(date.Year + 1);
        }

        var lunarDay = dayNumber - monthStart + 1;
        var diff = (monthStart - a11) / 29;
        var leap = false;
        var lunarMonth = diff + 11;
        if (b11 - a11 > 365)
        {
            var leapMonthDiff = LeapMonthOffset(a11);
            if (diff >= leapMonthDiff)
            {
                lunarMonth = diff + 10;
                leap = diff == leapMonthDiff;
            }
        }

        if (lunarMonth > 12)
        {
            lunarMonth -= 12;
        }

        if (lunarMonth >= 11 && diff < 4)
        {
            lunarYear -= 1;
        }

        return new LunarDate(lunarYear, lunarMonth, lunarDay, leap);
    }

    /// <summary>Converts a Vietnamese lunar date to the solar (Gregorian) date.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The lunar date does not exist (no such leap month, day past month end) or is outside 1900–2100.</exception>
    public static DateOnly ToSolar(int lunarYear, int lunarMonth, int lunarDay, bool leapMonth = false)
    {
        if (lunarYear < MinSolarDate.Year - 1 || lunarYear > MaxSolarDate.Year)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarYear), lunarYear, "Supported lunar years are 1899 (late months) to 2100.");
        }

        if (lunarMonth is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarMonth), lunarMonth, "Lunar month must be 1–12.");
        }

        if (lunarDay is < 1 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarDay), lunarDay, "Lunar day must be 1–30.");
        }

        int a11, b11;
        if (lunarMonth < 11)
        {
            a11 = LunarMonth11(lunarYear - 1);
            b11 = LunarMonth11(lunarYear);
        }
        else
        {
            a11 = LunarMonth11(lunarYear);
            b11 = LunarMonth11(lunarYear + 1);
        }

        var k = (int)Math.Floor(0.5 + ((a11 - NewMoonEpoch) / SynodicMonth));
        var off = lunarMonth - 11;
        if (off < 0)
        {
            off += 12;
        }

        if (b11 - a11 > 365)
        {
            var leapOff = LeapMonthOffset(a11);
            var leapMonthNumber = leapOff - 2;
            if (leapMonthNumber < 0)
            {
                leapMonthNumber += 12;
            }

            if (leapMonth && lunarMonth != leapMonthNumber)
            {
                throw new ArgumentOutOfRangeException(nameof(leapMonth), $"Lunar year {lunarYear} has no leap month {lunarMonth}.");
            }

            if (leapMonth || off >= leapOff)
            {
                off += 1;
            }
        }
        else if (leapMonth)
        {
            throw new ArgumentOutOfRangeException(nameof(leapMonth), $"Lunar year {lunarYear} has no leap month.");
        }

        var monthStart = NewMoonDay(k + off);
        var monthLength = NewMoonDay(k + off + 1) - monthStart;
        if (lunarDay > monthLength)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarDay), lunarDay, $"Lunar month {lunarMonth}/{lunarYear} has {monthLength} days.");
        }

        var result = DateOnly.FromDayNumber(monthStart + lunarDay - 1 - JulianDayOfDayNumberZero);
        if (result < MinSolarDate || result > MaxSolarDate)
        {
            throw new ArgumentOutOfRangeException(nameof(lunarYear), lunarYear, "The date falls outside 1900-01-01 to 2100-12-31.");
        }

        return result;
    }

    /// <summary>Julian Day Number of the local (UTC+7) day containing the k-th new moon after 1900-01-01.</summary>
    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoon(k) + 0.5 + (TimeZone / 24));

    /// <summary>Julian date (UT) of the k-th new moon (Meeus, "Astronomical Algorithms", as used by Hồ Ngọc Đức).</summary>
    private static double NewMoon(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        const double dr = Math.PI / 180;
        var jd1 = 2415020.75933 + (29.53058868 * k) + (0.0001178 * t2) - (0.000000155 * t3);
        jd1 += 0.00033 * Math.Sin((166.56 + (132.87 * t) - (0.009173 * t2)) * dr);
        var m = 359.2242 + (29.10535608 * k) - (0.0000333 * t2) - (0.00000347 * t3);
        var mpr = 306.0253 + (385.81691806 * k) + (0.0107306 * t2) + (0.00001236 * t3);
        var f = 21.2964 + (390.67050646 * k) - (0.0016528 * t2) - (0.00000239 * t3);
        var c1 = ((0.1734 - (0.000393 * t)) * Math.Sin(m * dr)) + (0.0021 * Math.Sin(2 * dr * m));
        c1 = c1 - (0.4068 * Math.Sin(mpr * dr)) + (0.0161 * Math.Sin(dr * 2 * mpr));
        c1 -= 0.0004 * Math.Sin(dr * 3 * mpr);
        c1 = c1 + (0.0104 * Math.Sin(dr * 2 * f)) - (0.0051 * Math.Sin(dr * (m + mpr)));
        c1 = c1 - (0.0074 * Math.Sin(dr * (m - mpr))) + (0.0004 * Math.Sin(dr * ((2 * f) + m)));
        c1 = c1 - (0.0004 * Math.Sin(dr * ((2 * f) - m))) - (0.0006 * Math.Sin(dr * ((2 * f) + mpr)));
        c1 = c1 + (0.0010 * Math.Sin(dr * ((2 * f) - mpr))) + (0.0005 * Math.Sin(dr * ((2 * mpr) + m)));
        var deltaT = t < -11
            ? 0.001 + (0.000839 * t) + (0.0002261 * t2) - (0.00000845 * t3) - (0.000000081 * t * t3)
            : -0.000278 + (0.000265 * t) + (0.000262 * t2);
        return jd1 + c1 - deltaT;
    }

    /// <summary>Sun's ecliptic longitude, in 30° sectors (0–11), at the start of local day <paramref name="dayNumber"/>.</summary>
    private static int SunLongitudeSector(int dayNumber)
    {
        var t = (dayNumber - 0.5 - (TimeZone / 24) - 2451545.0) / 36525;
        var t2 = t * t;
        const double dr = Math.PI / 180;
        var m = 357.52910 + (35999.05030 * t) - (0.0001559 * t2) - (0.00000048 * t * t2);
        var l0 = 280.46645 + (36000.76983 * t) + (0.0003032 * t2);
        var dl = (1.914600 - (0.004817 * t) - (0.000014 * t2)) * Math.Sin(dr * m);
        dl = dl + ((0.019993 - (0.000101 * t)) * Math.Sin(dr * 2 * m)) + (0.000290 * Math.Sin(dr * 3 * m));
        var l = (l0 + dl) * dr;
        l -= Math.PI * 2 * Math.Floor(l / (Math.PI * 2));
        return (int)Math.Floor(l / Math.PI * 6);
    }

    /// <summary>Day of the start of lunar month 11 (the month containing the winter solstice) of solar year <paramref name="year"/>.</summary>
    private static int LunarMonth11(int year)
    {
        var dayOfDec31 = new DateOnly(year, 12, 31).DayNumber + JulianDayOfDayNumberZero;
        var k = (int)Math.Floor((dayOfDec31 - 2415021) / SynodicMonth);
        var newMoon = NewMoonDay(k);
        if (SunLongitudeSector(newMoon) >= 9)
        {
            newMoon = NewMoonDay(k - 1);
        }

        return newMoon;
    }

    /// <summary>Offset (months after month 11) of the leap month: the first month without a major solar term (trung khí).</summary>
    private static int LeapMonthOffset(int a11)
    {
        var k = (int)Math.Floor(((a11 - NewMoonEpoch) / SynodicMonth) + 0.5);
        int last;
        var i = 1;
        var arc = SunLongitudeSector(NewMoonDay(k + i));
        do
        {
            last = arc;
            i++;
            arc = SunLongitudeSector(NewMoonDay(k + i));
        }
        while (arc != last && i < 14);

        return i - 1;
    }
}
