using OneStop.Web.Features.Events;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Kpi;

/// <summary>
/// One row per dossier: what the KPI table needs to know about it, projected from its <see cref="DossierEvent"/>s
/// (applied strictly in <see cref="LastVersion"/> order) or recomputed from the source tables
/// (<see cref="KpiSource"/>). Any date range is aggregated from these rows, so <c>kpi verify</c> can compare the
/// two row by row and figure by figure.
/// </summary>
public sealed class KpiDossierFact
{
    public Guid DossierId { get; set; }
    public Guid AgencyId { get; set; }
    public string ProcedureCode { get; set; } = "";
    public Channel Channel { get; set; }
    public DossierStatus Status { get; set; }
    /// <summary>Version of the last event applied; events are applied in order from 1.</summary>
    public long LastVersion { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    /// <summary>Tiếp nhận (complete dossier accepted); null for an online submission not (yet) accepted.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }
    public DateTimeOffset? AppointmentAt { get; set; }
    /// <summary>The appointment an approved apology letter replaced; lateness is judged against it.</summary>
    public DateTimeOffset? OriginalAppointmentAt { get; set; }
    /// <summary>Kết thúc xử lý: the result is ready.</summary>
    public DateTimeOffset? ResultReadyAt { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
    /// <summary>Refused, stopped, withdrawn or not accepted.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public long Fee { get; set; }
    public bool PaidOnline { get; set; }
    /// <summary>When the electronic result was first attached (số hóa kết quả).</summary>
    public DateTimeOffset? ResultDigitisedAt { get; set; }
    public Satisfaction? Rating { get; set; }
    public DateTimeOffset? RatedAt { get; set; }
    /// <summary>Inter-agency hand-offs (to and back from the partner), by mode.</summary>
    public int TransfersElectronic { get; set; }
    public int TransfersPaper { get; set; }
    /// <summary>Approved apology letters (Mẫu 04).</summary>
    public int ApologyLetters { get; set; }
    /// <summary>Document keys scanned for this dossier / taken from an earlier dossier's scan.</summary>
    public List<string> DigitisedDocuments { get; set; } = [];
    public List<string> ReusedDocuments { get; set; } = [];
    /// <summary>Units that held a step of the dossier (the unit filter).</summary>
    public List<Guid> UnitIds { get; set; } = [];

    /// <summary>The deadline lateness is judged against.</summary>
    public DateTimeOffset? Deadline => OriginalAppointmentAt ?? AppointmentAt;
}

/// <summary>A step holding completed by its holder (one per StepCompleted event / completed dossier_steps row).</summary>
public sealed class KpiStepCompletion
{
    public Guid DossierId { get; set; }
    /// <summary>The StepCompleted event's version; 0 when recomputed from the source tables.</summary>
    public long Version { get; set; }
    public Guid AgencyId { get; set; }
    public string ProcedureCode { get; set; } = "";
    public string StepKey { get; set; } = "";
    public Guid? UnitId { get; set; }
    public Guid? OfficerId { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public bool OnTime { get; set; }
}

/// <summary>An event that arrived before its predecessor; applied as soon as the gap is filled.</summary>
public sealed class KpiPendingEvent
{
    public Guid DossierId { get; set; }
    public long Version { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
