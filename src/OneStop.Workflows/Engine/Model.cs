using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Engine;

/// <summary>What an officer asks the engine to do with a dossier.</summary>
public enum WorkflowAction
{
    CompleteStep,
    SendBack,
    RequestSupplement,
    ReceiveSupplement,
    Refuse,
    TransferToPartner,
    ReceiveFromPartner,
    Approve,
    ReturnForRework,
    /// <summary>Officer drafts the apology and extension letter (Mẫu 04); a leader approves it.</summary>
    RequestExtension,
    ApproveExtension,
    RejectExtension,
    Withdraw,
    /// <summary>The unit's leader assigns (or reassigns) the current step to an officer.</summary>
    Assign,
}

/// <summary>One period during which the clock stood still (supplement requested, not yet received when End is null).</summary>
public sealed record PauseInterval(DateTimeOffset Start, DateTimeOffset? End, string Reason)
{
    /// <summary>Until when the citizen may hand in the supplement (thời hạn bổ sung).</summary>
    public DateTimeOffset? SupplyBy { get; init; }
}

/// <summary>An apology and extension letter (Mẫu 04) drafted by an officer, waiting for a leader.</summary>
public sealed record ExtensionDraft(DateTimeOffset ProposedAppointment, string Reason, string DraftedBy, DateTimeOffset DraftedAt);

/// <summary>The engine's view of one dossier. Immutable: every accepted action yields a new value.</summary>
public sealed record DossierState
{
    public required DossierStatus Status { get; init; }
    public required string CurrentStep { get; init; }
    public required DateTimeOffset StepStarted { get; init; }
    public required DateTimeOffset StepDue { get; init; }
    /// <summary>Ngày hẹn trả kết quả as it stands now (moved by supplements and by an extension).</summary>
    public required DateTimeOffset Appointment { get; init; }
    public IReadOnlyList<PauseInterval> Pauses { get; init; } = [];
    public bool ExtensionGranted { get; init; }
    /// <summary>The appointment before the extension was granted: lateness is still judged against it.</summary>
    public DateTimeOffset? AppointmentBeforeExtension { get; init; }
    /// <summary>An apology letter waiting for the leader's approval.</summary>
    public ExtensionDraft? PendingExtension { get; init; }
    /// <summary>The officer holding the current step (null: not assigned yet).</summary>
    public string? StepAssignee { get; init; }
    /// <summary>A transfer step has handed the dossier to the partner agency and waits for it to come back.</summary>
    public bool AtPartner { get; init; }

    /// <summary>A supplement was requested and not yet received: the clock is paused.</summary>
    public bool SupplementInProgress => Pauses.Any(p => p.End is null);

    /// <summary>A freshly received, complete dossier: first step, appointment from the procedure's time limit.</summary>
    public static DossierState Received(ProcedureDefinition definition, WorkingCalendar calendar, DateTimeOffset received)
    {
        var appointment = Deadlines.Appointment(definition.TimeLimit, calendar, received);
        return new DossierState
        {
            Status = DossierStatus.Accepted,
            CurrentStep = definition.FirstStep.Key,
            StepStarted = received,
            StepDue = Deadlines.StepDue(definition.FirstStep.Budget, calendar, received, appointment),
            Appointment = appointment,
        };
    }
}

/// <summary>The officer acting: roles held and, when known, the unit function (workflows/units.yaml key) they belong to.</summary>
public sealed record Actor(string OfficerId, IReadOnlySet<Role> Roles, string? UnitFunction = null)
{
    public bool Has(Role role) => Roles.Contains(role);
}

/// <summary>An action with its parameters; which ones are needed depends on the action.</summary>
public sealed record ActionRequest(WorkflowAction Action)
{
    public string? Reason { get; init; }
    /// <summary>For SendBack / ReturnForRework: the step key to go back to.</summary>
    public string? TargetStep { get; init; }
    /// <summary>For RequestExtension: the proposed new appointment.</summary>
    public DateTimeOffset? NewAppointment { get; init; }
    /// <summary>For TransferToPartner / ReceiveFromPartner: how the dossier travelled (defaults to the step's mode).</summary>
    public TransferMode? Mode { get; init; }
    /// <summary>For RequestSupplement: the citizen's deadline (defaults to <see cref="WorkflowEngine.DefaultSupplyWorkingDays"/> working days).</summary>
    public DateTimeOffset? SupplyBy { get; init; }
    /// <summary>For Assign: the officer who takes the step.</summary>
    public string? Assignee { get; init; }
}
