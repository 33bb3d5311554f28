using OneStop.Workflows.Calendar;

namespace OneStop.Workflows.Definitions;

/// <summary>
/// When a dossier's result is due (ngày hẹn trả) and when each step is due, from the procedure's time limit counted
/// on the legal working calendar from receipt of the complete dossier (DOMAIN §2.2).
/// </summary>
public static class Deadlines
{
    public static DateTimeOffset Appointment(TimeLimit limit, WorkingCalendar calendar, DateTimeOffset received) => limit.Unit switch
    {
        // "Ngay trong ngày; tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo" (e.g. NĐ 23/2015 Điều 7).
        TimeLimitUnit.SameDay => calendar.SameDayDue(received, limit.CutoffTime),
        TimeLimitUnit.WorkingDays => calendar.AddWorkingDays(received, limit.Value ?? 0),
        TimeLimitUnit.WorkingHours => calendar.AddWorkingHours(received, limit.Value ?? 0),
        TimeLimitUnit.CalendarDays => CalendarDaysDue(calendar, received, limit.Value ?? 0),
    };

    /// <summary>A step's due instant: its budget in working time from its start, never later than the appointment.</summary>
    public static DateTimeOffset StepDue(StepBudget budget, WorkingCalendar calendar, DateTimeOffset started, DateTimeOffset appointment)
    {
        var due = calendar.AddWorkingMinutes(started, (long)Math.Round(budget.WorkingHours * 60m));
        return due < appointment ? due : appointment;
    }

    /// <summary>
    /// Calendar days count weekends and holidays, but the result is never due on a non-working day: it moves to the
    /// closing time of the next working day (as the Thanh Hóa system does, DOMAIN §2.2).
    /// </summary>
    private static DateTimeOffset CalendarDaysDue(WorkingCalendar calendar, DateTimeOffset received, int days)
    {
        var local = WorkingCalendar.ToVietnamTime(received).AddDays(days);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (calendar.IsWorkingDay(date))
        {
            return local;
        }
        var next = calendar.NextWorkingDay(date);
        return new DateTimeOffset(next.ToDateTime(calendar.OfficeHours.Closing), WorkingCalendar.VietnamOffset);
    }
}
