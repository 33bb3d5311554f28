using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Engine;

/// <summary>Something that happened to a dossier (past tense); the caller stores and publishes them.</summary>
public abstract record WorkflowEvent(DateTimeOffset At);

public sealed record StepCompleted(DateTimeOffset At, string StepKey, bool OnTime, long WorkingMinutes) : WorkflowEvent(At);

public sealed record StepStarted(DateTimeOffset At, string StepKey, DateTimeOffset Due) : WorkflowEvent(At);

public sealed record StepSentBack(DateTimeOffset At, string FromStep, string ToStep, string Reason) : WorkflowEvent(At);

public sealed record SupplementRequested(DateTimeOffset At, string StepKey, string Reason, DateTimeOffset SupplyBy) : WorkflowEvent(At);

public sealed record SupplementReceived(DateTimeOffset At, long PausedMinutes, DateTimeOffset NewAppointment) : WorkflowEvent(At);

public sealed record DossierRefused(DateTimeOffset At, string StepKey, string Reason) : WorkflowEvent(At);

/// <summary>The step is now held by <see cref="Assignee"/> (<see cref="AssignedBy"/> null: automatic).</summary>
public sealed record StepAssigned(DateTimeOffset At, string StepKey, string Assignee, string? Previous, string? AssignedBy) : WorkflowEvent(At);

public sealed record ExtensionDrafted(DateTimeOffset At, DateTimeOffset ProposedAppointment, string Reason, string DraftedBy) : WorkflowEvent(At);

public sealed record ExtensionRejected(DateTimeOffset At, string Reason) : WorkflowEvent(At);

public sealed record TransferredToPartner(DateTimeOffset At, string StepKey, string? Partner, TransferMode Mode) : WorkflowEvent(At);

public sealed record ReceivedFromPartner(DateTimeOffset At, string StepKey, string? Partner, TransferMode Mode) : WorkflowEvent(At);

public sealed record Approved(DateTimeOffset At, string StepKey, string OfficerId) : WorkflowEvent(At);

public sealed record ResultReturned(DateTimeOffset At) : WorkflowEvent(At);

/// <summary>Apology letter (Mẫu 04) approved by <see cref="ApprovedBy"/>. The dossier stays late against <see cref="OriginalAppointment"/>.</summary>
public sealed record ExtensionGranted(DateTimeOffset At, DateTimeOffset OriginalAppointment, DateTimeOffset NewAppointment, string Reason, string ApprovedBy) : WorkflowEvent(At);

public sealed record Withdrawn(DateTimeOffset At, string? Reason) : WorkflowEvent(At);

/// <summary>The engine's answer: either refused with a reason for people, or accepted with the new state and events.</summary>
public abstract record Decision;

public sealed record Refused(string Reason, RefusalKind Kind = RefusalKind.NotApplicable) : Decision;

/// <summary>Why an action was refused: the actor may not do it (403), not in this state (409), or bad parameters (400).</summary>
public enum RefusalKind { Forbidden, NotApplicable, Invalid }

public sealed record Accepted(DossierState State, IReadOnlyList<WorkflowEvent> Events) : Decision;
