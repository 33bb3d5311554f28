namespace OneStop.Workflows.Calendar;

/// <summary>
/// Legal working time (thời gian làm việc: giờ hành chính, trừ ngày nghỉ lễ, Tết, nghỉ bù và ngày nghỉ hằng tuần)
/// for computing dossier deadlines. Immutable and thread-safe; per-year working-day tables are built lazily
/// and cached, so a due computation is a few array look-ups and allocates nothing.
/// Instants are converted to Vietnam time (fixed UTC+07:00: no daylight saving since 1975) and results carry +07:00.
/// Covers 1900-01-01 … 2100-12-31.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>Vietnam's offset from UTC (Indochina Time, no DST).</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Default office hours and the Labour Code rules only, without yearly decision files.</summary>
    public static WorkingCalendar Default { get; } = new(OfficeHours.Default, CalendarDecisions.Empty);

    private const int FirstYear = 1900;
    private const int LastYear = 2100;

    private readonly YearTable?[] years = new YearTable?[LastYear - FirstYear + 1];
    private readonly long[] sessionStarts;
    private readonly long[] sessionEnds;
    private readonly long dayTicks;

    public WorkingCalendar(OfficeHours officeHours, CalendarDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(officeHours);
        ArgumentNullException.ThrowIfNull(decisions);
        OfficeHours = officeHours;
        Decisions = decisions;
        sessionStarts = [.. officeHours.Sessions.Select(s => s.Start.Ticks)];
        sessionEnds = [.. officeHours.Sessions.Select(s => s.End.Ticks)];
        dayTicks = officeHours.MinutesPerDay * TimeSpan.TicksPerMinute;
    }

    public OfficeHours OfficeHours { get; }

    public CalendarDecisions Decisions { get; }

    /// <summary>The Labour Code rules plus the decision files in <c><paramref name="workflowsDirectory"/>/calendar/*.yaml</c>.</summary>
    /// <exception cref="CalendarFileException">A calendar file is invalid (messages are <c>file:line: message</c>).</exception>
    /// <exception cref="DirectoryNotFoundException">There is no <c>calendar</c> folder.</exception>
    public static WorkingCalendar Load(string workflowsDirectory, OfficeHours? officeHours = null) =>
        new(officeHours ?? OfficeHours.Default, CalendarDecisions.Load(Path.Combine(workflowsDirectory, "calendar")));

    /// <summary>The same instant in Vietnam time (+07:00).</summary>
    public static DateTimeOffset ToVietnamTime(DateTimeOffset instant) => instant.ToOffset(VietnamOffset);

    /// <summary>
    /// The instant when <paramref name="minutes"/> of working time starting at <paramref name="start"/> are used up.
    /// Work begins at the next opening if <paramref name="start"/> is outside office hours; a budget that runs out
    /// exactly at a closing time (11:30, 17:00) is due at that closing time. Zero minutes gives the instant work
    /// would begin (the start itself inside office hours, else the next opening).
    /// </summary>
    public DateTimeOffset AddWorkingMinutes(DateTimeOffset start, long minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutes, long.MaxValue / TimeSpan.TicksPerMinute);
        return AddWorkingTicks(start, minutes * TimeSpan.TicksPerMinute);
    }

    /// <summary>Like <see cref="AddWorkingMinutes"/>, for hours (fractions allowed, rounded to the tick).</summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, double hours)
    {
        if (!double.IsFinite(hours) || hours < 0 || hours > 1e9)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "Hours must be a finite, non-negative number.");
        }

        return AddWorkingTicks(start, (long)Math.Round(hours * TimeSpan.TicksPerHour));
    }

    /// <summary>Like <see cref="AddWorkingMinutes"/>, for working days of <see cref="OfficeHours.MinutesPerDay"/> minutes each.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return AddWorkingTicks(start, days * dayTicks);
    }

    /// <summary>Like <see cref="AddWorkingMinutes"/>, for any non-negative duration.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return AddWorkingTicks(start, duration.Ticks);
    }

    /// <summary>
    /// "Giải quyết ngay trong ngày; nếu tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo": closing time of the
    /// receiving working day, or of the next working day when received after <paramref name="cutoff"/> (default 15:00),
    /// after closing, or on a non-working day. Received exactly at the cut-off still counts as the same day.
    /// </summary>
    public DateTimeOffset SameDayDue(DateTimeOffset received, TimeOnly? cutoff = null)
    {
        var (dayNumber, timeOfDay) = Locate(received);
        var cut = (cutoff ?? new TimeOnly(15, 0)).Ticks;
        var table = TableFor(dayNumber);
        var offset = dayNumber - table.FirstDayNumber;
        var closing = sessionEnds[^1];
        if (table.IsWorking(offset) && timeOfDay <= cut && timeOfDay < closing)
        {
            return Make(dayNumber, closing);
        }

        return Make(WorkingDayByIndex(table, table.RankBefore(offset + 1)), closing);
    }

    /// <summary>
    /// Whole working minutes between two instants (office time on working days in [from, to), truncated);
    /// negative when <paramref name="to"/> is before <paramref name="from"/>. Inverse of <see cref="AddWorkingMinutes"/>.
    /// </summary>
    public long WorkingMinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingMinutesBetween(to, from);
        }

        var (day1, time1) = Locate(from);
        var (day2, time2) = Locate(to);
        long ticks;
        if (day1 == day2)
        {
            ticks = WorkedUntil(day2, time2) - WorkedUntil(day1, time1);
        }
        else
        {
            var firstDayRest = IsWorking(day1) ? dayTicks - WorkedUntil(day1, time1) : 0;
            ticks = firstDayRest + (CountWorkingDays(day1 + 1, day2) * dayTicks) + WorkedUntil(day2, time2);
        }

        return ticks / TimeSpan.TicksPerMinute;
    }

    /// <summary>Whether <paramref name="date"/> is worked: Monday–Friday except days off, plus make-up working days.</summary>
    public bool IsWorkingDay(DateOnly date) => IsWorking(date.DayNumber);

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        var table = TableFor(date.DayNumber);
        return DateOnly.FromDayNumber(WorkingDayByIndex(table, table.RankBefore(date.DayNumber - table.FirstDayNumber + 1)));
    }

    /// <summary>Every Monday–Friday of <paramref name="year"/> that is not worked (holidays, nghỉ bù, decision days off), by date.</summary>
    public IReadOnlyList<Holiday> NonWorkingWeekdays(int year) => Table(year).NonWorkingWeekdays;

    private DateTimeOffset AddWorkingTicks(DateTimeOffset start, long budget)
    {
        var (dayNumber, time) = Locate(start);
        var table = TableFor(dayNumber);
        var offset = dayNumber - table.FirstDayNumber;
        var sessions = sessionStarts.Length;

        // Normalise: find the session in progress or next today; otherwise the next working day's opening.
        var session = sessions;
        if (table.IsWorking(offset))
        {
            session = 0;
            while (session < sessions && time >= sessionEnds[session])
            {
                session++;
            }
        }

        if (session == sessions)
        {
            var rank = table.RankBefore(offset + 1);
            dayNumber = WorkingDayByIndex(table, rank);
            table = TableFor(dayNumber);
            offset = dayNumber - table.FirstDayNumber;
            session = 0;
            time = sessionStarts[0];
        }
        else if (time < sessionStarts[session])
        {
            time = sessionStarts[session];
        }

        // Rest of the first day, session by session; "<=" keeps a budget ending at closing time on that day.
        for (; session < sessions; session++)
        {
            var available = sessionEnds[session] - time;
            if (budget <= available)
            {
                return Make(dayNumber, time + budget);
            }

            budget -= available;
            if (session + 1 < sessions)
            {
                time = sessionStarts[session + 1];
            }
        }

        // Skip whole working days through the table, leaving 0 < budget <= one day for the last day.
        var wholeDays = (budget - 1) / dayTicks;
        budget -= wholeDays * dayTicks;
        dayNumber = WorkingDayByIndex(table, table.RankBefore(offset) + 1 + wholeDays);

        for (session = 0; ; session++)
        {
            var length = sessionEnds[session] - sessionStarts[session];
            if (budget <= length)
            {
                return Make(dayNumber, sessionStarts[session] + budget);
            }

            budget -= length;
        }
    }

    /// <summary>Day number of the working day with index <paramref name="k"/> counted from the start of <paramref name="table"/>'s year.</summary>
    private int WorkingDayByIndex(YearTable table, long k)
    {
        while (k >= table.WorkingDayCount)
        {
            k -= table.WorkingDayCount;
            table = Table(table.Year + 1);
        }

        return table.WorkingDayNumber((int)k);
    }

    /// <summary>Working days in the day-number range [from, to).</summary>
    private long CountWorkingDays(int from, int to)
    {
        var a = TableFor(from);
        var b = TableFor(to);
        if (a.Year == b.Year)
        {
            return b.RankBefore(to - b.FirstDayNumber) - a.RankBefore(from - a.FirstDayNumber);
        }

        long count = a.WorkingDayCount - a.RankBefore(from - a.FirstDayNumber);
        for (var year = a.Year + 1; year < b.Year; year++)
        {
            count += Table(year).WorkingDayCount;
        }

        return count + b.RankBefore(to - b.FirstDayNumber);
    }

    /// <summary>Office time elapsed on day <paramref name="dayNumber"/> before <paramref name="time"/> (0 on days off).</summary>
    private long WorkedUntil(int dayNumber, long time)
    {
        if (!IsWorking(dayNumber))
        {
            return 0;
        }

        long worked = 0;
        for (var s = 0; s < sessionStarts.Length && time > sessionStarts[s]; s++)
        {
            worked += Math.Min(time, sessionEnds[s]) - sessionStarts[s];
        }

        return worked;
    }

    private bool IsWorking(int dayNumber)
    {
        var table = TableFor(dayNumber);
        return table.IsWorking(dayNumber - table.FirstDayNumber);
    }

    private static (int DayNumber, long TimeOfDay) Locate(DateTimeOffset instant)
    {
        var local = instant.ToOffset(VietnamOffset).Ticks;
        return ((int)(local / TimeSpan.TicksPerDay), local % TimeSpan.TicksPerDay);
    }

    private static DateTimeOffset Make(int dayNumber, long timeOfDay) =>
        new(new DateTime((dayNumber * TimeSpan.TicksPerDay) + timeOfDay, DateTimeKind.Unspecified), VietnamOffset);

    private YearTable TableFor(int dayNumber) => Table(DateOnly.FromDayNumber(dayNumber).Year);

    private YearTable Table(int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "The working calendar covers 1900–2100.");
        }

        var table = Volatile.Read(ref years[year - FirstYear]);
        if (table is null)
        {
            // Benign race: two threads may build the same immutable table; one wins.
            table = new YearTable(year, Decisions);
            table = Interlocked.CompareExchange(ref years[year - FirstYear], table, null) ?? table;
        }

        return table;
    }
}
