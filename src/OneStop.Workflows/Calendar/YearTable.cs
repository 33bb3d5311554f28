namespace OneStop.Workflows.Calendar;

/// <summary>
/// Precomputed working days of one solar year, so due computations skip whole days with array look-ups.
/// Immutable once built.
/// </summary>
internal sealed class YearTable
{
    /// <summary>rankBefore[i] = number of working days among the year's days 0 … i−1 (length DayCount + 1).</summary>
    private readonly int[] rankBefore;

    /// <summary>workingDays[k] = day-of-year offset (0-based) of the k-th working day.</summary>
    private readonly short[] workingDays;

    public YearTable(int year, CalendarDecisions decisions)
    {
        Year = year;
        var first = new DateOnly(year, 1, 1);
        FirstDayNumber = first.DayNumber;
        DayCount = DateTime.IsLeapYear(year) ? 366 : 365;

        var off = HolidayRules.DaysOff(year, decisions);
        var decision = decisions.ForYear(year);
        var madeUp = decision?.WorkingDays.Select(w => w.Date).ToHashSet() ?? [];

        rankBefore = new int[DayCount + 1];
        var working = new List<short>(262);
        var nonWorkingWeekdays = new List<Holiday>(16);
        for (var i = 0; i < DayCount; i++)
        {
            var date = first.AddDays(i);
            var isWorking = madeUp.Contains(date) || (!HolidayRules.IsWeekend(date) && !off.ContainsKey(date));
            if (isWorking)
            {
                working.Add((short)i);
            }
            else if (!HolidayRules.IsWeekend(date))
            {
                nonWorkingWeekdays.Add(off[date]);
            }

            rankBefore[i + 1] = working.Count;
        }

        workingDays = [.. working];
        NonWorkingWeekdays = nonWorkingWeekdays.AsReadOnly();
    }

    public int Year { get; }

    public int FirstDayNumber { get; }

    public int DayCount { get; }

    public int WorkingDayCount => workingDays.Length;

    /// <summary>Every Monday–Friday without work, by date.</summary>
    public IReadOnlyList<Holiday> NonWorkingWeekdays { get; }

    public bool IsWorking(int offset) => rankBefore[offset + 1] != rankBefore[offset];

    /// <summary>Working days strictly before day <paramref name="offset"/> (offset may equal DayCount).</summary>
    public int RankBefore(int offset) => rankBefore[offset];

    /// <summary>Day number of the working day with 0-based index <paramref name="k"/> in this year.</summary>
    public int WorkingDayNumber(int k) => FirstDayNumber + workingDays[k];
}
