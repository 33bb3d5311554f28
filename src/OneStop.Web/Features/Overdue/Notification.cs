using System.ComponentModel.DataAnnotations;

namespace OneStop.Web.Features.Overdue;

/// <summary>
/// An in-app notice to one officer about one step. Unique per (step, officer, kind) in PostgreSQL, so however many
/// instances run the watch, nobody is told the same thing twice.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid OfficerId { get; set; }
    public Guid DossierId { get; set; }
    public Guid StepId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
}

/// <summary>Due within one working day (to the holder), overdue (holder and unit leaders), escalated (supervisors).</summary>
public enum NotificationKind { DueSoon = 1, Overdue = 2, Escalated = 3 }

/// <summary>Section "OneStop:Overdue".</summary>
public sealed class OverdueOptions
{
    public const string Section = "OneStop:Overdue";

    /// <summary>Run the watch in this process (worker role).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the watch looks at the open steps.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Working hours a step may be overdue before the agency's supervisors are told.</summary>
    [Range(0, 1000)]
    public int EscalateAfterWorkingHours { get; set; } = 8;
}

/// <summary>Section "Smtp": e-mail copies of notifications, sent only when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    [Range(1, 65535)]
    public int Port { get; set; } = 587;
    public bool StartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "onestop@localhost";
}
