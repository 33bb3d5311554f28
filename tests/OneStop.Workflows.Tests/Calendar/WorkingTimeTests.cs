using NUnit.Framework;
using OneStop.Workflows.Calendar;
using static OneStop.Workflows.Tests.Calendar.TestDates;

namespace OneStop.Workflows.Tests.Calendar;

/// <summary>Due computation with default office hours 07:00–11:30, 13:30–17:00 (480 minutes a day).</summary>
[TestFixture]
public sealed class WorkingTimeTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    [Test]
    public void Three_working_days_from_friday_morning_skip_the_weekend()
    {
        // Fri 27/11 09:00: 360 min left that day; Mon 30/11: 480; Tue 01/12: 480 (1320); Wed 02/12 07:00 + 120 = 09:00.
        Assert.That(Calendar.AddWorkingDays(T("2026-11-27T09:00"), 3), Is.EqualTo(T("2026-12-02T09:00")));
    }

    [Test]
    public void Minutes_carry_over_the_weekend()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-27T16:00"), 120), Is.EqualTo(T("2026-11-30T08:00")));
    }

    [Test]
    public void Lunch_break_is_not_working_time()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T11:00"), 60), Is.EqualTo(T("2026-11-30T14:00")));
    }

    [Test]
    public void Budget_ending_exactly_at_closing_time_is_due_at_closing_time()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T16:00"), 60), Is.EqualTo(T("2026-11-30T17:00")));
        Assert.That(Calendar.AddWorkingDays(T("2026-11-30T07:00"), 1), Is.EqualTo(T("2026-11-30T17:00")));
        Assert.That(Calendar.AddWorkingDays(T("2026-11-27T07:00"), 2), Is.EqualTo(T("2026-11-30T17:00")));
    }

    [Test]
    public void Budget_ending_exactly_at_lunch_is_due_at_half_past_eleven()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T10:30"), 60), Is.EqualTo(T("2026-11-30T11:30")));
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-27T13:30"), 210 + 270), Is.EqualTo(T("2026-11-30T11:30")));
    }

    [Test]
    public void Start_before_opening_begins_at_opening()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T06:00"), 30), Is.EqualTo(T("2026-11-30T07:30")));
    }

    [Test]
    public void Start_during_lunch_begins_at_afternoon_opening()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T12:00"), 30), Is.EqualTo(T("2026-11-30T14:00")));
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T11:30"), 30), Is.EqualTo(T("2026-11-30T14:00")));
    }

    [Test]
    public void Start_after_closing_begins_next_working_morning()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T18:00"), 30), Is.EqualTo(T("2026-12-01T07:30")));
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-27T17:00"), 30), Is.EqualTo(T("2026-11-30T07:30")), "Friday closing → Monday");
    }

    [Test]
    public void Start_on_a_holiday_begins_at_next_working_day()
    {
        // Mon 27/04/2026 is nghỉ bù Giỗ Tổ.
        Assert.That(Calendar.AddWorkingMinutes(T("2026-04-27T09:00"), 60), Is.EqualTo(T("2026-04-28T08:00")));
        // Sunday receipt.
        Assert.That(Calendar.AddWorkingHours(T("2026-11-29T10:00"), 4.5), Is.EqualTo(T("2026-11-30T11:30")));
    }

    [Test]
    public void Deadline_skips_tet()
    {
        // Fri 13/02/2026 16:00 + 2 days (960): Fri 60; Tết 16–20/02 and weekends off; Mon 23/02 480 (540);
        // Tue 24/02: morning 270 (810), afternoon 13:30 + 150 = 16:00.
        Assert.That(Calendar.AddWorkingDays(T("2026-02-13T16:00"), 2), Is.EqualTo(T("2026-02-24T16:00")));
    }

    [Test]
    public void Deadline_crosses_the_new_year()
    {
        // Thu 31/12/2026 09:00 + 1 day: 360 that day; Fri 01/01/2027 holiday; Mon 04/01 07:00 + 120 = 09:00.
        Assert.That(Calendar.AddWorkingDays(T("2026-12-31T09:00"), 1), Is.EqualTo(T("2027-01-04T09:00")));
    }

    [Test]
    public void Zero_budget_gives_the_normalised_start()
    {
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T09:15"), 0), Is.EqualTo(T("2026-11-30T09:15")));
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-30T17:00"), 0), Is.EqualTo(T("2026-12-01T07:00")));
        Assert.That(Calendar.AddWorkingMinutes(T("2026-11-28T10:00"), 0), Is.EqualTo(T("2026-11-30T07:00")));
    }

    [Test]
    public void Hours_are_working_hours()
    {
        Assert.That(Calendar.AddWorkingHours(T("2026-11-27T09:00"), 8), Is.EqualTo(T("2026-11-30T09:00")));
        Assert.That(Calendar.AddWorkingHours(T("2026-11-30T10:30"), 1.5), Is.EqualTo(T("2026-11-30T14:00")));
        Assert.That(Calendar.AddWorkingHours(T("2026-11-30T07:00"), 40), Is.EqualTo(T("2026-12-04T17:00")));
    }

    [Test]
    public void Other_offsets_are_converted_to_vietnam_time()
    {
        var utc = new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero); // 09:00 in Hà Nội
        var due = Calendar.AddWorkingDays(utc, 3);
        Assert.That(due, Is.EqualTo(T("2026-12-02T09:00")));
        Assert.That(due.Offset, Is.EqualTo(TimeSpan.FromHours(7)));
        Assert.That(due.DateTime, Is.EqualTo(new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Unspecified)));
    }

    [Test]
    public void Agency_office_hours_change_the_length_of_a_working_day()
    {
        // An agency open 07:30–11:30 and 13:00–17:00 (also 8 h) and one open only mornings 08:00–12:00 (4 h).
        var early = new WorkingCalendar(
            new OfficeHours(new OfficeSession(new TimeOnly(7, 30), new TimeOnly(11, 30)), new OfficeSession(new TimeOnly(13, 0), new TimeOnly(17, 0))),
            CalendarDecisions.Empty);
        Assert.That(early.AddWorkingMinutes(T("2026-11-30T11:00"), 60), Is.EqualTo(T("2026-11-30T13:30")));
        var mornings = new WorkingCalendar(new OfficeHours(new OfficeSession(new TimeOnly(8, 0), new TimeOnly(12, 0))), CalendarDecisions.Empty);
        Assert.That(mornings.OfficeHours.MinutesPerDay, Is.EqualTo(240));
        Assert.That(mornings.AddWorkingDays(T("2026-11-27T10:00"), 1), Is.EqualTo(T("2026-11-30T10:00")));
    }

    [Test]
    public void Invalid_office_hours_are_refused()
    {
        Assert.That(() => new OfficeHours(), Throws.ArgumentException);
        Assert.That(() => new OfficeHours(new OfficeSession(new TimeOnly(12, 0), new TimeOnly(8, 0))), Throws.ArgumentException);
        Assert.That(
            () => new OfficeHours(new OfficeSession(new TimeOnly(8, 0), new TimeOnly(12, 0)), new OfficeSession(new TimeOnly(11, 0), new TimeOnly(17, 0))),
            Throws.ArgumentException);
    }

    [Test]
    public void Negative_budgets_and_years_outside_the_calendar_are_refused()
    {
        Assert.That(() => Calendar.AddWorkingMinutes(T("2026-11-30T09:00"), -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Calendar.AddWorkingHours(T("2026-11-30T09:00"), double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Calendar.AddWorkingDays(T("2100-12-30T09:00"), 5), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Calendar.IsWorkingDay(new DateOnly(1899, 12, 29)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Same_day_receipt_before_three_pm_is_due_at_closing_time()
    {
        Assert.That(Calendar.SameDayDue(T("2026-11-30T10:00")), Is.EqualTo(T("2026-11-30T17:00")));
        Assert.That(Calendar.SameDayDue(T("2026-11-30T06:30")), Is.EqualTo(T("2026-11-30T17:00")), "before opening");
        Assert.That(Calendar.SameDayDue(T("2026-11-30T15:00")), Is.EqualTo(T("2026-11-30T17:00")), "at 15:00 is not after 15:00");
    }

    [Test]
    public void Same_day_receipt_after_three_pm_is_due_next_working_day()
    {
        Assert.That(Calendar.SameDayDue(T("2026-11-30T15:01")), Is.EqualTo(T("2026-12-01T17:00")));
        Assert.That(Calendar.SameDayDue(T("2026-11-30T18:30")), Is.EqualTo(T("2026-12-01T17:00")), "after closing");
    }

    [Test]
    public void Same_day_receipt_on_friday_after_three_pm_is_due_monday()
    {
        Assert.That(Calendar.SameDayDue(T("2026-11-27T15:30")), Is.EqualTo(T("2026-11-30T17:00")));
    }

    [Test]
    public void Same_day_receipt_on_a_non_working_day_is_due_next_working_day()
    {
        Assert.That(Calendar.SameDayDue(T("2026-11-28T09:00")), Is.EqualTo(T("2026-11-30T17:00")), "Saturday");
        // Fri 24/04/2026 after 15:00: weekend, Mon 27/04 nghỉ bù Giỗ Tổ → Tue 28/04.
        Assert.That(Calendar.SameDayDue(T("2026-04-24T15:30")), Is.EqualTo(T("2026-04-28T17:00")));
    }

    [Test]
    public void Same_day_cutoff_is_configurable()
    {
        Assert.That(Calendar.SameDayDue(T("2026-11-30T15:30"), new TimeOnly(16, 0)), Is.EqualTo(T("2026-11-30T17:00")));
    }

    [Test]
    public void Working_minutes_between_counts_only_office_time()
    {
        Assert.That(Calendar.WorkingMinutesBetween(T("2026-11-27T09:00"), T("2026-12-02T09:00")), Is.EqualTo(1440));
        Assert.That(Calendar.WorkingMinutesBetween(T("2026-11-30T11:00"), T("2026-11-30T14:00")), Is.EqualTo(60));
        Assert.That(Calendar.WorkingMinutesBetween(T("2026-11-28T00:00"), T("2026-11-29T23:59")), Is.EqualTo(0), "weekend");
        Assert.That(Calendar.WorkingMinutesBetween(T("2026-12-02T09:00"), T("2026-11-27T09:00")), Is.EqualTo(-1440));
        Assert.That(Calendar.WorkingMinutesBetween(T("2026-02-13T16:00"), T("2026-02-24T16:00")), Is.EqualTo(960), "across Tết");
        Assert.That(Calendar.WorkingMinutesBetween(T("2026-01-01T00:00"), T("2027-01-01T00:00")), Is.EqualTo(480L * (261 - 11)), "2026 starts on Thursday: 52 weeks + 1 weekday = 261; 11 are off (Giỗ Tổ on Sunday moves to Monday)");
    }

    [Test]
    public void Working_minutes_between_is_the_inverse_of_add_working_minutes()
    {
        var random = new Random(20261127);
        var first = new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.FromHours(7));
        for (var i = 0; i < 20_000; i++)
        {
            var start = first.AddMinutes(random.Next(0, 3 * 366 * 24 * 60));
            long minutes = random.Next(4) switch
            {
                0 => random.Next(0, 480),
                1 => random.Next(0, 480 * 10),
                2 => 480L * random.Next(0, 60),
                _ => random.Next(0, 480 * 400),
            };
            var due = Calendar.AddWorkingMinutes(start, minutes);
            Assert.That(Calendar.WorkingMinutesBetween(start, due), Is.EqualTo(minutes), $"{start:O} + {minutes}");
        }
    }

    [Test]
    public void Whole_day_skipping_matches_a_minute_by_minute_walk()
    {
        var random = new Random(42);
        var first = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));
        for (var i = 0; i < 300; i++)
        {
            var start = first.AddMinutes(random.Next(0, 365 * 24 * 60));
            var minutes = random.Next(0, 480 * 4);
            Assert.That(Calendar.AddWorkingMinutes(start, minutes), Is.EqualTo(MinuteByMinute(start, minutes)), $"{start:O} + {minutes}");
        }
    }

    [Test]
    public void Due_times_are_always_inside_office_hours_on_working_days()
    {
        var random = new Random(7);
        var first = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));
        for (var i = 0; i < 10_000; i++)
        {
            var due = Calendar.AddWorkingMinutes(first.AddMinutes(random.Next(0, 3 * 365 * 24 * 60)), random.Next(1, 480 * 30));
            var time = TimeOnly.FromDateTime(due.DateTime);
            Assert.That(Calendar.IsWorkingDay(DateOnly.FromDateTime(due.DateTime)), Is.True, $"{due:O}");
            Assert.That(
                (time > new TimeOnly(7, 0) && time <= new TimeOnly(11, 30)) || (time > new TimeOnly(13, 30) && time <= new TimeOnly(17, 0)),
                Is.True,
                $"{due:O}");
        }
    }

    [Test]
    public void Next_working_day_skips_weekends_and_holidays()
    {
        Assert.That(Calendar.NextWorkingDay(D("2026-11-27")), Is.EqualTo(D("2026-11-30")));
        Assert.That(Calendar.NextWorkingDay(D("2026-02-13")), Is.EqualTo(D("2026-02-23")));
        Assert.That(Calendar.NextWorkingDay(D("2026-12-31")), Is.EqualTo(D("2027-01-04")));
    }

    [Test]
    public void Due_computation_allocates_nothing_once_the_year_is_cached()
    {
        var start = T("2026-11-27T09:00");
        _ = Calendar.AddWorkingDays(start, 30);
        _ = Calendar.SameDayDue(start);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sink = 0L;
        for (var i = 0; i < 10_000; i++)
        {
            sink += Calendar.AddWorkingMinutes(start.AddMinutes(i % 2000), i % 9000).Ticks;
            sink += Calendar.SameDayDue(start).Ticks;
            sink += Calendar.WorkingMinutesBetween(start, start.AddDays(20));
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sink, Is.Not.Zero);
    }

    [Test]
    public void Year_tables_can_be_built_from_many_threads()
    {
        var calendar = new WorkingCalendar(OfficeHours.Default, CalendarDecisions.Empty);
        var results = new int[64];
        Parallel.For(0, results.Length, i => results[i] = calendar.NonWorkingWeekdays(2000 + (i % 8)).Count);
        Assert.That(results, Is.All.EqualTo(11));
    }

    /// <summary>Reference: walk minute by minute; minute [t, t+1) counts if its day is worked and it lies in a session.</summary>
    private static DateTimeOffset MinuteByMinute(DateTimeOffset start, int minutes)
    {
        var t = start;
        while (!IsWorkingMinute(t))
        {
            t = t.AddMinutes(1);
        }

        if (minutes == 0)
        {
            return t;
        }

        var used = 0;
        while (true)
        {
            if (IsWorkingMinute(t) && ++used == minutes)
            {
                return t.AddMinutes(1);
            }

            t = t.AddMinutes(1);
        }
    }

    private static bool IsWorkingMinute(DateTimeOffset t)
    {
        if (!Calendar.IsWorkingDay(DateOnly.FromDateTime(t.DateTime)))
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(t.DateTime);
        return (time >= new TimeOnly(7, 0) && time < new TimeOnly(11, 30)) || (time >= new TimeOnly(13, 30) && time < new TimeOnly(17, 0));
    }
}
