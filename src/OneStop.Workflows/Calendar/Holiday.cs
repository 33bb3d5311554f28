namespace OneStop.Workflows.Calendar;

/// <summary>Why a day is not worked.</summary>
public enum HolidayKind
{
    /// <summary>Ngày nghỉ lễ, Tết (Bộ luật Lao động 2019, Điều 112, or a later law added by a decision rule).</summary>
    PublicHoliday,

    /// <summary>Nghỉ bù: a public holiday fell on the weekly rest day (BLLĐ 2019, Điều 111 khoản 3).</summary>
    Compensatory,

    /// <summary>A weekday given off by a yearly decision (usually swapped against a make-up Saturday).</summary>
    DecisionDayOff,
}

/// <summary>A day without office work, with its Vietnamese name as shown to people.</summary>
public sealed record Holiday(DateOnly Date, string Name, HolidayKind Kind);
