using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Reception;

/// <summary>
/// A dossier (hồ sơ). Keeps the procedure version it was registered under, the national status code (DOMAIN §2.5)
/// and the instants the law cares about. Owner (chủ hồ sơ) and submitter (người nộp) may differ.
/// </summary>
public sealed class Dossier
{
    public Guid Id { get; set; }
    /// <summary>Mã hồ sơ {agency}-{yyMMdd}-{NNNN}; null while an online submission waits for acceptance (status 1).</summary>
    public string? Code { get; set; }
    public Guid AgencyId { get; set; }
    public Guid ProcedureVersionId { get; set; }
    public required string ProcedureCode { get; set; }
    public int ProcedureVersion { get; set; }
    public required string ProcedureName { get; set; }
    public DossierStatus Status { get; set; }
    public Channel Channel { get; set; }
    public ResultDelivery ResultDelivery { get; set; }
    public PaymentMethod PaymentMethod { get; set; }
    public long Fee { get; set; }
    public int SetCount { get; set; } = 1;
    public required Person Owner { get; set; }
    /// <summary>Người nộp, when not the owner.</summary>
    public Person? Submitter { get; set; }
    public string? Note { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary>Receipt of the complete dossier: the deadline counts from here (DOMAIN §2.2).</summary>
    public DateTimeOffset? ReceivedAt { get; set; }
    public DateTimeOffset? AppointmentAt { get; set; }
    public Guid? ReceivedById { get; set; }
    /// <summary>Sổ theo dõi hồ sơ: one book per agency per year, entries numbered from 1.</summary>
    public int? RegisterYear { get; set; }
    public int? RegisterNumber { get; set; }

    /// <summary>Hash of the lookup PIN (shown once on the receipt).</summary>
    public string? LookupPinHash { get; set; }
    public int LookupFailures { get; set; }
    public DateTimeOffset? LookupLockedUntil { get; set; }

    /// <summary>Idempotency: the portal's dossier id for online intake, or the desk client's key for counter registration.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>The step the dossier is at (or stopped at), from its procedure definition.</summary>
    public string? CurrentStepKey { get; set; }
    /// <summary>A liên thông step has handed the dossier to the partner agency.</summary>
    public bool AtPartner { get; set; }
    /// <summary>The appointment before the apology letter moved it (set once): lateness is judged against it.</summary>
    public DateTimeOffset? OriginalAppointmentAt { get; set; }
    /// <summary>Refused, stopped or withdrawn.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Number of events published for this dossier (the last event's version).</summary>
    public long EventVersion { get; set; }

    public DateTimeOffset? ResultReadyAt { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
    public string? ReturnedTo { get; set; }
    public string? ReturnNote { get; set; }
    public Satisfaction? Rating { get; set; }
    public string? RatingComment { get; set; }
    public DateTimeOffset? RatedAt { get; set; }
    /// <summary>The electronic result (a PDF), attached once the result is ready; replaced by a later upload.</summary>
    public Guid? ResultFileId { get; set; }
    public StoredFile? ResultFile { get; set; }
    /// <summary>When the first electronic result was attached (QĐ 766 MDSH "kết quả điện tử").</summary>
    public DateTimeOffset? ResultDigitisedAt { get; set; }

    /// <summary>Optimistic concurrency (PostgreSQL xmin).</summary>
    public uint RowVersion { get; set; }

    public List<DossierDocument> Documents { get; set; } = [];
    public List<DossierStep> Steps { get; set; } = [];
    public List<DossierPause> Pauses { get; set; } = [];
    public List<DossierLetter> Letters { get; set; } = [];
}

/// <summary>A person on a dossier. CCCD: 12 digits (Luật Căn cước 2023).</summary>
public sealed class Person
{
    public required string FullName { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
}

/// <summary>KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích.</summary>
public enum Channel { Counter = 1, Online = 2, Postal = 3 }

public enum ResultDelivery { Desk = 1, Post = 2, Electronic = 3 }

public enum PaymentMethod { None = 0, Cash = 1, Online = 2 }

public enum Satisfaction { VerySatisfied = 1, Satisfied = 2, Unsatisfied = 3 }

/// <summary>One document of the dossier as handed in: counts, an optional scan, or reuse of an earlier digitised copy.</summary>
public sealed class DossierDocument
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public required string DocumentKey { get; set; }
    public required string Name { get; set; }
    public int Originals { get; set; }
    public int Certified { get; set; }
    public int Photocopies { get; set; }
    public Guid? FileId { get; set; }
    public StoredFile? File { get; set; }
    /// <summary>Set when the citizen was not asked again: the digitised document of an earlier dossier is reused.</summary>
    public Guid? ReusedFromDocumentId { get; set; }
}

/// <summary>A scanned file, stored outside the rows and addressed by its content hash.</summary>
public sealed class StoredFile
{
    public Guid Id { get; set; }
    public required string Sha256 { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string FileName { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>
/// One holding of a step by one officer (a row of the control sheet, form 06): who held it, from when, until when,
/// its due, and whether it finished early, on time or late. A reassignment closes the row and opens another one
/// for the same step with the same due, so a delay is attributed to the officer who held the dossier.
/// </summary>
public sealed class DossierStep
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public int Sequence { get; set; }
    public required string StepKey { get; set; }
    public required string Name { get; set; }
    public required string UnitFunction { get; set; }
    public Guid? UnitId { get; set; }
    public Guid? AssigneeId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public Guid? CompletedById { get; set; }
    public StepOutcome? Outcome { get; set; }
    /// <summary>Finished at or before <see cref="DueAt"/>.</summary>
    public bool? OnTime { get; set; }
    /// <summary>Working minutes the holder spent, pauses excluded.</summary>
    public long? WorkingMinutes { get; set; }
    /// <summary>Liên thông: when and how the dossier went to the partner and came back.</summary>
    public DateTimeOffset? SentToPartnerAt { get; set; }
    public TransferMode? SentMode { get; set; }
    public DateTimeOffset? BackFromPartnerAt { get; set; }
    public TransferMode? BackMode { get; set; }
}

public enum StepOutcome { Completed = 1, SentBack = 2, Reassigned = 3, Restarted = 4, Refused = 5, Withdrawn = 6 }

/// <summary>The clock stood still from <see cref="StartedAt"/> to <see cref="EndedAt"/>, waiting for the citizen's supplement (form 02).</summary>
public sealed class DossierPause
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public required string StepKey { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public required string Reason { get; set; }
    /// <summary>Until when the citizen may hand in the supplement.</summary>
    public DateTimeOffset? SupplyBy { get; set; }
    public Guid RequestedById { get; set; }
    public Guid? ReceivedById { get; set; }
    /// <summary>Working minutes the deadlines moved by when the supplement came in.</summary>
    public long? PausedMinutes { get; set; }
    /// <summary>The form 02 issued for this request.</summary>
    public Guid? SlipId { get; set; }
}

/// <summary>A letter of the dossier that a leader signs: the apology and new appointment (form 04) or the stop notice (form 05).</summary>
public sealed class DossierLetter
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public LetterKind Kind { get; set; }
    /// <summary>Số văn bản, per agency, kind and year.</summary>
    public int Number { get; set; }
    public int Year { get; set; }
    public LetterState State { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset? OriginalAppointment { get; set; }
    public DateTimeOffset? ProposedAppointment { get; set; }
    public Guid DraftedById { get; set; }
    public DateTimeOffset DraftedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
}

public enum LetterKind { Apology = 4, Stop = 5 }

public enum LetterState { Draft = 1, Approved = 2, Rejected = 3 }

/// <summary>Append-only audit: who did what, when, from which status to which, and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public Guid DossierId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string Action { get; set; }
    public DossierStatus? FromStatus { get; set; }
    public DossierStatus ToStatus { get; set; }
    public string? Reason { get; set; }
    public string? StepKey { get; set; }
}

/// <summary>Gapless per-scope numbering (dossier codes per agency per day, register entries per agency per year).</summary>
public sealed class Counter
{
    public Guid AgencyId { get; set; }
    public required string Scope { get; set; }
    public int Value { get; set; }
}

/// <summary>
/// A slip the desk hands over without registering anything (DOMAIN §2.1, step 2a/2b): form 02 (what to complete, all
/// in one go) or form 03 (why the dossier cannot be accepted).
/// </summary>
public sealed class CounterSlip
{
    public Guid Id { get; set; }
    public Guid AgencyId { get; set; }
    /// <summary>The online dossier this slip answers; null for a slip handed over at the counter.</summary>
    public Guid? DossierId { get; set; }
    public SlipKind Kind { get; set; }
    public int Number { get; set; }
    public required string ProcedureCode { get; set; }
    public required string ProcedureName { get; set; }
    public required Person Applicant { get; set; }
    public List<SlipItem> Items { get; set; } = [];
    public required string Reason { get; set; }
    public Guid OfficerId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
}

public enum SlipKind { Supplement = 2, Refusal = 3 }

public sealed class SlipItem
{
    public required string Name { get; set; }
    public int Originals { get; set; }
    public int Certified { get; set; }
    public int Photocopies { get; set; }
}
