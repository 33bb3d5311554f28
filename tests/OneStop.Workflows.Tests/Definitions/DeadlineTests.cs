using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Tests.Definitions;

public sealed class DeadlineTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    private static DateTimeOffset At(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, Vn);

    [Test]
    public void Same_day_procedure_received_before_three_pm_is_due_at_closing_time()
    {
        var limit = new TimeLimit { Unit = TimeLimitUnit.SameDay, Cutoff = "15:00" };

        Assert.That(Deadlines.Appointment(limit, Calendar, At(2026, 11, 25, 14, 59)), Is.EqualTo(At(2026, 11, 25, 17, 0)));
    }

    [Test]
    public void Same_day_procedure_received_after_three_pm_on_friday_is_due_monday_closing_time()
    {
        var limit = new TimeLimit { Unit = TimeLimitUnit.SameDay, Cutoff = "15:00" };

        Assert.That(Deadlines.Appointment(limit, Calendar, At(2026, 11, 27, 15, 30)), Is.EqualTo(At(2026, 11, 30, 17, 0)));
    }

    [Test]
    public void Working_days_skip_the_weekend()
    {
        var limit = new TimeLimit { Unit = TimeLimitUnit.WorkingDays, Value = 3 };

        Assert.That(Deadlines.Appointment(limit, Calendar, At(2026, 11, 27, 9, 0)), Is.EqualTo(At(2026, 12, 2, 9, 0)));
    }

    [Test]
    public void Calendar_days_ending_on_a_sunday_move_to_monday_closing_time()
    {
        // Thu 26/11/2026 + 10 days = Sun 06/12 → Mon 07/12 at 17:00.
        var limit = new TimeLimit { Unit = TimeLimitUnit.CalendarDays, Value = 10 };

        Assert.That(Deadlines.Appointment(limit, Calendar, At(2026, 11, 26, 10, 0)), Is.EqualTo(At(2026, 12, 7, 17, 0)));
    }

    [Test]
    public void Step_due_counts_its_budget_in_working_time_but_never_passes_the_appointment()
    {
        var twoHours = new StepBudget { Value = 2, Unit = BudgetUnit.WorkingHours };
        var started = At(2026, 11, 27, 10, 30);

        Assert.That(Deadlines.StepDue(twoHours, Calendar, started, At(2026, 12, 2, 9, 0)), Is.EqualTo(At(2026, 11, 27, 14, 30)));
        Assert.That(Deadlines.StepDue(twoHours, Calendar, started, At(2026, 11, 27, 12, 0)), Is.EqualTo(At(2026, 11, 27, 12, 0)));
    }
}
