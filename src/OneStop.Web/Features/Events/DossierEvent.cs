using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Events;

/// <summary>
/// Something that happened to a dossier, published on RabbitMQ for the KPI projector and the other consumers.
/// One envelope for every kind (<see cref="Type"/>, one of <see cref="DossierEventTypes"/>): consumers need the same
/// dimensions (agency, unit, procedure, officer, month) whatever happened, and the facts of each kind are optional
/// fields. <see cref="Version"/> numbers a dossier's events from 1 without gaps, so consumers can order them.
/// </summary>
public sealed record DossierEvent
{
    public required Guid EventId { get; init; }
    public required string Type { get; init; }
    public required Guid DossierId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? DossierCode { get; init; }
    public required Guid AgencyId { get; init; }
    public required string ProcedureCode { get; init; }
    /// <summary>The officer who acted; null for the system (automatic assignment, overdue watch).</summary>
    public Guid? OfficerId { get; init; }
    /// <summary>The step concerned, its unit function (workflows/units.yaml) and the concrete unit.</summary>
    public string? StepKey { get; init; }
    public string? UnitFunction { get; init; }
    public Guid? UnitId { get; init; }
    /// <summary>Status after the change.</summary>
    public DossierStatus Status { get; init; }

    // Facts, set when the kind has them.
    public Channel? Channel { get; init; }
    /// <summary>StepCompleted / ResultReturned: finished at or before its due instant.</summary>
    public bool? OnTime { get; init; }
    /// <summary>StepCompleted: working minutes the holder spent (pauses excluded); SupplementReceived: minutes paused.</summary>
    public long? WorkingMinutes { get; init; }
    /// <summary>StepStarted: the step's due; Registered / SupplementReceived / ExtensionGranted: the appointment.</summary>
    public DateTimeOffset? Due { get; init; }
    /// <summary>TransferredToPartner / ReceivedFromPartner: electronic or paper hand-over.</summary>
    public TransferMode? Mode { get; init; }
    public string? Partner { get; init; }
    /// <summary>StepAssigned: the officer who now holds the step.</summary>
    public Guid? Assignee { get; init; }
    public long? Fee { get; init; }
    public PaymentMethod? Payment { get; init; }
    public Satisfaction? Rating { get; init; }
    /// <summary>DocumentDigitised / DocumentReused / ResultDigitised.</summary>
    public string? DocumentKey { get; init; }
    public string? Reason { get; init; }
}

/// <summary>The kinds of <see cref="DossierEvent"/> (past tense). Stable strings: they are stored and published.</summary>
public static class DossierEventTypes
{
    public const string Submitted = "Submitted";
    public const string Registered = "Registered";
    public const string NotAccepted = "NotAccepted";
    public const string StepStarted = "StepStarted";
    public const string StepCompleted = "StepCompleted";
    public const string StepAssigned = "StepAssigned";
    public const string SentBack = "SentBack";
    public const string SupplementRequested = "SupplementRequested";
    public const string SupplementReceived = "SupplementReceived";
    public const string TransferredToPartner = "TransferredToPartner";
    public const string ReceivedFromPartner = "ReceivedFromPartner";
    public const string Approved = "Approved";
    public const string Refused = "Refused";
    public const string Withdrawn = "Withdrawn";
    public const string ExtensionDrafted = "ExtensionDrafted";
    public const string ExtensionGranted = "ExtensionGranted";
    public const string ExtensionRejected = "ExtensionRejected";
    public const string ResultReady = "ResultReady";
    public const string ResultReturned = "ResultReturned";
    public const string PaymentRecorded = "PaymentRecorded";
    public const string DocumentDigitised = "DocumentDigitised";
    public const string DocumentReused = "DocumentReused";
    public const string ResultDigitised = "ResultDigitised";
    public const string Rated = "Rated";
    public const string StepOverdue = "StepOverdue";
}
