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

    public DateTimeOffset? ResultReadyAt { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
    public string? ReturnedTo { get; set; }
    public string? ReturnNote { get; set; }
    public Satisfaction? Rating { get; set; }
    public string? RatingComment { get; set; }
    public DateTimeOffset? RatedAt { get; set; }

    /// <summary>Optimistic concurrency (PostgreSQL xmin).</summary>
    public uint RowVersion { get; set; }

    public List<DossierDocument> Documents { get; set; } = [];
    public List<DossierStep> Steps { get; set; } = [];
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

/// <summary>A step of the dossier's procedure as it runs: unit, officer, start, due, finish.</summary>
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
}

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
