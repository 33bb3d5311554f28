using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;
using Stateless;
using Stateless.Reflection;

namespace OneStop.Workflows.Engine;

/// <summary>
/// The pure workflow engine: a procedure definition becomes a Stateless machine whose states are the step keys plus
/// <see cref="PausedState"/>, <see cref="RefusedState"/>, <see cref="WithdrawnState"/> and <see cref="ResultReadyState"/>.
/// Given (definition, dossier state, actor, action, clock) it decides; same inputs give the same outputs.
/// </summary>
public static class WorkflowEngine
{
    public const string PausedState = "Paused";
    public const string RefusedState = "Refused";
    public const string WithdrawnState = "Withdrawn";
    public const string ResultReadyState = "ResultReady";

    /// <summary>Default time the citizen has to hand in a supplement [U: no national figure found; the Thanh Hóa system makes it configurable].</summary>
    public const int DefaultSupplyWorkingDays = 10;

    /// <summary>The machine state a dossier is in.</summary>
    public static string MachineState(DossierState state) => state.Status switch
    {
        DossierStatus.Withdrawn => WithdrawnState,
        DossierStatus.NotAccepted or DossierStatus.Stopped => RefusedState,
        DossierStatus.Returned => ResultReadyState,
        _ when state.SupplementInProgress => PausedState,
        _ => state.CurrentStep,
    };

    /// <summary>What <paramref name="actor"/> may do now (for "GET …/actions" and the page buttons).</summary>
    public static IReadOnlyList<WorkflowAction> AllowedActions(
        ProcedureDefinition definition, DossierState state, Actor actor, DateTimeOffset now, WorkingCalendar calendar)
    {
        var machine = Build(new Context(definition, state, actor, null, now, calendar), MachineState(state));
        return [.. Enum.GetValues<WorkflowAction>().Where(machine.CanFire)];
    }

    public static Decision Decide(
        ProcedureDefinition definition, DossierState state, Actor actor, ActionRequest request, DateTimeOffset now, WorkingCalendar calendar)
    {
        var ctx = new Context(definition, state, actor, request, now, calendar);
        var from = MachineState(state);
        var machine = Build(ctx, from);
        if (!machine.CanFire(request.Action, out var unmet))
        {
            if (unmet is not { Count: > 0 })
            {
                return new Refused(NotApplicable(definition, state, from, request.Action), RefusalKind.NotApplicable);
            }
            var kind = unmet.Any(ctx.ActorRules.Contains) ? RefusalKind.Forbidden : RefusalKind.NotApplicable;
            return new Refused(string.Join(" ", unmet), kind);
        }

        var problem = CheckParameters(ctx);
        if (problem is not null)
        {
            return new Refused(problem, RefusalKind.Invalid);
        }

        machine.Fire(request.Action);
        return Apply(ctx, machine.State);
    }

    /// <summary>The machine for <paramref name="definition"/> without a dossier (guards are not evaluated): for diagrams.</summary>
    internal static StateMachine<string, WorkflowAction> BuildForDiagram(ProcedureDefinition definition)
    {
        var first = definition.FirstStep;
        var state = new DossierState
        {
            Status = DossierStatus.Accepted,
            CurrentStep = first.Key,
            StepStarted = default,
            StepDue = default,
            Appointment = default,
        };
        var actor = new Actor("", new HashSet<Role>());
        return Build(new Context(definition, state, actor, null, default, WorkingCalendar.Default), first.Key, allStates: true);
    }

    private sealed record Context(
        ProcedureDefinition Definition, DossierState State, Actor Actor, ActionRequest? Request, DateTimeOffset Now, WorkingCalendar Calendar)
    {
        public StepDefinition Current => Definition.Step(State.CurrentStep);

        /// <summary>Messages of the guards about who the actor is (role, unit, holder): failing one is "forbidden".</summary>
        public HashSet<string> ActorRules { get; } = new(StringComparer.Ordinal);

        public Tuple<Func<bool>, string> ActorRule(Func<bool> rule, string message)
        {
            ActorRules.Add(message);
            return Tuple.Create(rule, message);
        }
    }

    /// <summary>
    /// The machine in state <paramref name="initial"/>. A decision only asks the state it is in (no state has entry or exit
    /// actions, and Stateless enters a destination it has no configuration for), so only that state is configured unless
    /// <paramref name="allStates"/> (the diagram): configuring every step made each "what may I do" cost a tenth of a
    /// millisecond and 60 kB (EngineBenchmarks).
    /// </summary>
    private static StateMachine<string, WorkflowAction> Build(Context ctx, string initial, bool allStates = false)
    {
        var machine = new StateMachine<string, WorkflowAction>(initial);
        var actor = ctx.Actor;
        var state = ctx.State;

        Tuple<Func<bool>, string> HasRole(StepDefinition s) => ctx.ActorRule(
            () => actor.Has(s.Role),
            $"Bước “{s.Name}” do cán bộ có vai trò {EngineText.RoleName(s.Role)} thực hiện.");
        Tuple<Func<bool>, string> InUnit(StepDefinition s) => ctx.ActorRule(
            () => actor.UnitFunction is null || actor.UnitFunction == s.Unit,
            $"Bước “{s.Name}” thuộc đơn vị “{s.Unit}”, không phải đơn vị “{actor.UnitFunction}” của cán bộ.");
        Tuple<Func<bool>, string> RoleOrLeader(StepDefinition s) => ctx.ActorRule(
            () => actor.Has(s.Role) || actor.Has(Role.Leader),
            $"Chỉ cán bộ có vai trò {EngineText.RoleName(s.Role)} hoặc lãnh đạo mới được thực hiện thao tác này ở bước “{s.Name}”.");
        var leader = ctx.ActorRule(
            () => actor.Has(Role.Leader), "Bước phê duyệt chỉ do lãnh đạo thực hiện.");
        var notAtPartner = Tuple.Create<Func<bool>, string>(
            () => !state.AtPartner, "Hồ sơ đang ở cơ quan liên thông; cần nhận lại hồ sơ trước.");
        var atPartner = Tuple.Create<Func<bool>, string>(
            () => state.AtPartner, "Hồ sơ chưa được chuyển sang cơ quan liên thông.");
        var deskOrLeader = ctx.ActorRule(
            () => actor.Has(Role.Reception) || actor.Has(Role.Leader),
            "Chỉ bộ phận tiếp nhận và trả kết quả hoặc lãnh đạo mới được ghi nhận việc rút hồ sơ.");
        Tuple<Func<bool>, string> Holds(StepDefinition s) => ctx.ActorRule(
            () => state.StepAssignee is null ? s.Assignment == Assignment.Auto : state.StepAssignee == actor.OfficerId,
            state.StepAssignee is null
                ? $"Bước “{s.Name}” chưa được lãnh đạo đơn vị phân công cán bộ xử lý."
                : $"Bước “{s.Name}” đang được giao cho cán bộ khác xử lý.");
        var extensionNotYetGranted = Tuple.Create<Func<bool>, string>(
            () => !state.ExtensionGranted, "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần; hồ sơ này đã được hẹn lại.");
        var noDraft = Tuple.Create<Func<bool>, string>(
            () => state.PendingExtension is null, "Đã có thư xin lỗi đang chờ lãnh đạo duyệt.");
        var draft = Tuple.Create<Func<bool>, string>(
            () => state.PendingExtension is not null, "Không có thư xin lỗi nào đang chờ duyệt.");
        // A supplement received after the draft can move the appointment past the letter's proposal: approving it then
        // would bring the appointment forward, so the leader can only reject it and the officer drafts again.
        // Only the officer holding the step acts on the dossier: whoever has the step's role in its unit while nobody
        // holds it, the desk at reception (shared counter), the holder otherwise.
        bool HoldsInUnit(StepDefinition s) =>
            actor.Has(s.Role) && (actor.UnitFunction is null || actor.UnitFunction == s.Unit)
            && (s.Kind == StepKind.Reception || (state.StepAssignee is null ? s.Assignment == Assignment.Auto : state.StepAssignee == actor.OfficerId));
        Tuple<Func<bool>, string> MayRefuse(StepDefinition s) => ctx.ActorRule(
            () => actor.Has(Role.Leader) || HoldsInUnit(s),
            $"Chỉ cán bộ đang xử lý bước “{s.Name}” hoặc lãnh đạo mới được từ chối giải quyết hồ sơ.");
        var draftStillLater = Tuple.Create<Func<bool>, string>(
            () => state.PendingExtension is null || state.PendingExtension.ProposedAppointment > state.Appointment,
            "Ngày hẹn trả đề nghị trong thư xin lỗi không còn sau ngày hẹn trả hiện tại (ngày hẹn đã lùi khi nhận hồ sơ bổ sung); "
            + "hãy không duyệt thư này để cán bộ lập lại.");
        var extensionInTime = Tuple.Create<Func<bool>, string>(
            () => ctx.Calendar.WorkingMinutesBetween(ctx.Now, state.Appointment) >= ctx.Calendar.OfficeHours.MinutesPerDay,
            "Thư xin lỗi và hẹn lại ngày trả kết quả phải được gửi chậm nhất một ngày làm việc trước ngày hẹn trả.");

        foreach (var s in ctx.Definition.Steps.Where(s => allStates || s.Key == initial))
        {
            var cfg = machine.Configure(s.Key);
            var done = s.Terminal || s.Next is null ? ResultReadyState : s.Next;
            var targets = new DynamicStateInfos();
            foreach (var t in s.SendBackTo)
            {
                targets.Add(t, "trả lại");
            }

            switch (s.Kind)
            {
                case StepKind.Approval:
                    cfg.PermitIf(WorkflowAction.Approve, done, leader, HasRole(s), InUnit(s), Holds(s));
                    if (s.SendBackTo.Count > 0)
                    {
                        cfg.PermitDynamicIf(WorkflowAction.ReturnForRework, SendBackTarget, targets, leader, InUnit(s), Holds(s));
                    }
                    break;
                case StepKind.Transfer:
                    cfg.PermitReentryIf(WorkflowAction.TransferToPartner, HasRole(s), InUnit(s), Holds(s), notAtPartner);
                    cfg.PermitIf(WorkflowAction.ReceiveFromPartner, done, HasRole(s), InUnit(s), Holds(s), atPartner);
                    break;
                case StepKind.Processing:
                    cfg.PermitIf(WorkflowAction.CompleteStep, done, HasRole(s), InUnit(s), Holds(s));
                    break;
                case StepKind.Reception:
                case StepKind.Return:
                    // The desk is shared: whoever is at the counter completes reception and return steps.
                    cfg.PermitIf(WorkflowAction.CompleteStep, done, HasRole(s), InUnit(s));
                    break;
            }

            if (s.Kind != StepKind.Approval && s.SendBackTo.Count > 0)
            {
                cfg.PermitDynamicIf(WorkflowAction.SendBack, SendBackTarget, targets, HasRole(s), InUnit(s), Holds(s), notAtPartner);
            }
            if (s.Kind is StepKind.Processing or StepKind.Approval)
            {
                cfg.PermitIf(WorkflowAction.RequestSupplement, PausedState, HasRole(s), InUnit(s), Holds(s));
            }
            else if (s.Kind is StepKind.Reception)
            {
                cfg.PermitIf(WorkflowAction.RequestSupplement, PausedState, HasRole(s), InUnit(s));
            }
            if (s.Kind != StepKind.Return)
            {
                cfg.PermitIf(WorkflowAction.Refuse, RefusedState, MayRefuse(s), notAtPartner);
            }
            cfg.PermitReentryIf(WorkflowAction.RequestExtension, RoleOrLeader(s), extensionNotYetGranted, noDraft, extensionInTime);
            cfg.PermitReentryIf(WorkflowAction.ApproveExtension, leader, draft, draftStillLater, extensionInTime);
            cfg.PermitReentryIf(WorkflowAction.RejectExtension, leader, draft);
            cfg.PermitReentryIf(WorkflowAction.Assign, ctx.ActorRule(
                () => actor.Has(Role.Leader) && actor.UnitFunction == s.Unit,
                $"Chỉ lãnh đạo đơn vị “{s.Unit}” mới được phân công cán bộ xử lý bước “{s.Name}”."));
            cfg.PermitIf(WorkflowAction.Withdraw, WithdrawnState, deskOrLeader);
        }

        if (!allStates && initial != PausedState)
        {
            return machine;
        }
        var resume = new DynamicStateInfos();
        resume.Add(ResumeStep(ctx), "nhận bổ sung");
        var paused = machine.Configure(PausedState);
        if (ctx.Definition.Steps.Any(s => s.Key == state.CurrentStep))
        {
            var current = ctx.Current;
            paused.PermitDynamicIf(WorkflowAction.ReceiveSupplement, () => ResumeStep(ctx), resume, ctx.ActorRule(
                () => actor.Has(Role.Reception) || HoldsInUnit(current),
                "Chỉ bộ phận tiếp nhận và trả kết quả hoặc cán bộ đang xử lý mới được nhận hồ sơ bổ sung."));
            paused.PermitIf(WorkflowAction.Refuse, RefusedState, MayRefuse(current));
        }
        paused.PermitIf(WorkflowAction.Withdraw, WithdrawnState, deskOrLeader);
        machine.Configure(RefusedState);
        machine.Configure(WithdrawnState);
        machine.Configure(ResultReadyState);
        return machine;

        string SendBackTarget() => ctx.Request?.TargetStep ?? throw new InvalidOperationException("No target step.");
    }

    /// <summary>Where the dossier goes when the supplement arrives: the same step (pause) or the first processing step (restart).</summary>
    private static string ResumeStep(Context ctx) => ctx.Definition.SupplementClock == SupplementClock.Restart
        ? FirstProcessingStep(ctx.Definition).Key
        : ctx.State.CurrentStep;

    private static StepDefinition FirstProcessingStep(ProcedureDefinition definition) =>
        definition.Steps.FirstOrDefault(s => s.Kind == StepKind.Processing) ?? definition.FirstStep;

    private static string NotApplicable(ProcedureDefinition definition, DossierState state, string from, WorkflowAction action)
    {
        var name = EngineText.ActionName(action);
        switch (from)
        {
            case ResultReadyState:
                return action == WorkflowAction.Withdraw
                    ? "Hồ sơ đã có kết quả nên không thể rút."
                    : $"Hồ sơ đã có kết quả; không thể {name}.";
            case RefusedState:
                return $"Hồ sơ đã bị từ chối hoặc dừng xử lý; không thể {name}.";
            case WithdrawnState:
                return $"Hồ sơ đã được rút; không thể {name}.";
            case PausedState:
                return action == WorkflowAction.RequestSupplement
                    ? "Hồ sơ đang tạm dừng chờ bổ sung; chỉ yêu cầu bổ sung tiếp khi đã nhận hồ sơ bổ sung lần trước."
                    : $"Hồ sơ đang tạm dừng chờ công dân bổ sung giấy tờ; không thể {name}.";
            default:
                break;
        }

        var step = definition.Step(state.CurrentStep);
        return action switch
        {
            WorkflowAction.ReceiveSupplement => "Hồ sơ không ở trạng thái chờ bổ sung.",
            WorkflowAction.Approve or WorkflowAction.ReturnForRework => $"Bước “{step.Name}” không phải bước phê duyệt.",
            WorkflowAction.CompleteStep when step.Kind == StepKind.Approval => $"Bước “{step.Name}” được hoàn thành bằng thao tác phê duyệt.",
            WorkflowAction.CompleteStep when step.Kind == StepKind.Transfer => $"Bước “{step.Name}” được hoàn thành khi nhận lại hồ sơ từ cơ quan liên thông.",
            WorkflowAction.TransferToPartner or WorkflowAction.ReceiveFromPartner => $"Bước “{step.Name}” không phải bước liên thông.",
            WorkflowAction.SendBack => $"Bước “{step.Name}” không được trả lại bước trước.",
            _ => $"Không thể {name} ở bước “{step.Name}”.",
        };
    }

    /// <summary>Checks the request's parameters once the machine has said the action is permitted.</summary>
    private static string? CheckParameters(Context ctx)
    {
        var request = ctx.Request!;
        var hasReason = !string.IsNullOrWhiteSpace(request.Reason);
        switch (request.Action)
        {
            case WorkflowAction.SendBack:
            case WorkflowAction.ReturnForRework:
                var step = ctx.Current;
                if (request.TargetStep is null || !step.SendBackTo.Contains(request.TargetStep))
                {
                    return $"Bước “{step.Name}” chỉ được trả lại bước: {string.Join(", ", step.SendBackTo)}.";
                }
                return hasReason ? null : "Phải nêu lý do trả lại hồ sơ.";
            case WorkflowAction.RequestSupplement:
                if (request.SupplyBy is { } by && by <= ctx.Now)
                {
                    return "Hạn bổ sung hồ sơ phải sau thời điểm hiện tại.";
                }
                return hasReason ? null : "Phải nêu rõ giấy tờ cần bổ sung và lý do (Mẫu 02).";
            case WorkflowAction.RejectExtension:
                return hasReason ? null : "Phải nêu lý do không duyệt thư xin lỗi.";
            case WorkflowAction.Assign:
                if (string.IsNullOrWhiteSpace(request.Assignee))
                {
                    return "Vui lòng chọn cán bộ được phân công.";
                }
                return request.Assignee == ctx.State.StepAssignee ? "Cán bộ này đang xử lý bước này." : null;
            case WorkflowAction.Refuse:
                return hasReason ? null : "Phải nêu rõ lý do từ chối giải quyết hồ sơ.";
            case WorkflowAction.RequestExtension:
                if (request.NewAppointment is not { } proposed || proposed <= ctx.State.Appointment)
                {
                    return "Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.";
                }
                return hasReason ? null : "Phải nêu lý do chậm trả kết quả trong thư xin lỗi (Mẫu 04).";
            default:
                return null;
        }
    }

    private static Accepted Apply(Context ctx, string to)
    {
        var (definition, state, actor, request, now, calendar) = (ctx.Definition, ctx.State, ctx.Actor, ctx.Request!, ctx.Now, ctx.Calendar);
        var events = new List<WorkflowEvent>();
        switch (request.Action)
        {
            case WorkflowAction.CompleteStep:
                return Advance(ctx, to, events);
            case WorkflowAction.Approve:
                events.Add(new Approved(now, state.CurrentStep, actor.OfficerId));
                return Advance(ctx, to, events);
            case WorkflowAction.ReceiveFromPartner:
                var step = ctx.Current;
                events.Add(new ReceivedFromPartner(now, step.Key, step.Partner, request.Mode ?? step.Mode));
                return Advance(ctx, to, events);
            case WorkflowAction.TransferToPartner:
                var transfer = ctx.Current;
                events.Add(new TransferredToPartner(now, transfer.Key, transfer.Partner, request.Mode ?? transfer.Mode));
                return new Accepted(state with { AtPartner = true, Status = DossierStatus.InProgress }, events);
            case WorkflowAction.SendBack:
            case WorkflowAction.ReturnForRework:
                events.Add(new StepSentBack(now, state.CurrentStep, to, request.Reason!));
                return new Accepted(Start(ctx, state, to, events) with { Status = DossierStatus.InProgress }, events);
            case WorkflowAction.RequestSupplement:
                var supplyBy = request.SupplyBy ?? calendar.AddWorkingDays(now, DefaultSupplyWorkingDays);
                events.Add(new SupplementRequested(now, state.CurrentStep, request.Reason!, supplyBy));
                return new Accepted(state with
                {
                    Status = DossierStatus.SupplementRequested,
                    Pauses = [.. state.Pauses, new PauseInterval(now, null, request.Reason!) { SupplyBy = supplyBy }],
                }, events);
            case WorkflowAction.ReceiveSupplement:
                return ReceiveSupplement(ctx, to, events);
            case WorkflowAction.Refuse:
                var refusedAt = definition.Step(state.CurrentStep);
                events.Add(new DossierRefused(now, refusedAt.Key, request.Reason!));
                return new Accepted(ClosePauses(state, now) with
                {
                    Status = refusedAt.Kind == StepKind.Reception ? DossierStatus.NotAccepted : DossierStatus.Stopped,
                }, events);
            case WorkflowAction.RequestExtension:
                var proposed = request.NewAppointment!.Value;
                events.Add(new ExtensionDrafted(now, proposed, request.Reason!, actor.OfficerId));
                return new Accepted(state with { PendingExtension = new ExtensionDraft(proposed, request.Reason!, actor.OfficerId, now) }, events);
            case WorkflowAction.ApproveExtension:
                var letter = state.PendingExtension!;
                events.Add(new ExtensionGranted(now, state.Appointment, letter.ProposedAppointment, letter.Reason, actor.OfficerId));
                return new Accepted(state with
                {
                    Appointment = letter.ProposedAppointment,
                    ExtensionGranted = true,
                    AppointmentBeforeExtension = state.Appointment,
                    PendingExtension = null,
                }, events);
            case WorkflowAction.RejectExtension:
                events.Add(new ExtensionRejected(now, request.Reason!));
                return new Accepted(state with { PendingExtension = null }, events);
            case WorkflowAction.Assign:
                events.Add(new StepAssigned(now, state.CurrentStep, request.Assignee!, state.StepAssignee, actor.OfficerId));
                return new Accepted(state with { StepAssignee = request.Assignee }, events);
            case WorkflowAction.Withdraw:
                events.Add(new Withdrawn(now, request.Reason));
                return new Accepted(ClosePauses(state, now) with { Status = DossierStatus.Withdrawn }, events);
            default:
                throw new InvalidOperationException($"Unhandled action {request.Action}.");
        }
    }

    /// <summary>Completes the current step and starts the next one (or makes the result ready).</summary>
    private static Accepted Advance(Context ctx, string to, List<WorkflowEvent> events)
    {
        var (state, now, calendar) = (ctx.State, ctx.Now, ctx.Calendar);
        events.Add(new StepCompleted(now, state.CurrentStep, now <= state.StepDue, WorkedMinutes(state, now, calendar)));
        if (to == ResultReadyState)
        {
            events.Add(new ResultReturned(now));
            return new Accepted(state with { Status = DossierStatus.Returned, AtPartner = false }, events);
        }

        var next = Start(ctx, state, to, events);
        // Leaving the reception step the dossier is "được tiếp nhận" (2); it is "đang xử lý" (4) from the next action on.
        var status = ctx.Definition.Step(to).Kind == StepKind.Return ? DossierStatus.Finished
            : ctx.Current.Kind == StepKind.Reception ? DossierStatus.Accepted : DossierStatus.InProgress;
        return new Accepted(next with { Status = status }, events);
    }

    private static DossierState Start(Context ctx, DossierState state, string stepKey, List<WorkflowEvent> events)
    {
        var step = ctx.Definition.Step(stepKey);
        var due = Deadlines.StepDue(step.Budget, ctx.Calendar, ctx.Now, state.Appointment);
        events.Add(new StepStarted(ctx.Now, stepKey, due));
        return state with { CurrentStep = stepKey, StepStarted = ctx.Now, StepDue = due, AtPartner = false, StepAssignee = null };
    }

    private static Accepted ReceiveSupplement(Context ctx, string to, List<WorkflowEvent> events)
    {
        var (definition, state, now, calendar) = (ctx.Definition, ctx.State, ctx.Now, ctx.Calendar);
        var open = state.Pauses.Single(p => p.End is null);
        var paused = Math.Max(0, calendar.WorkingMinutesBetween(open.Start, now));
        var resumed = ClosePauses(state, now) with { Status = DossierStatus.InProgress };

        if (definition.SupplementClock == SupplementClock.Restart)
        {
            var appointment = Later(state.Appointment, Deadlines.Appointment(definition.TimeLimit, calendar, now));
            events.Add(new SupplementReceived(now, paused, appointment));
            return new Accepted(Start(ctx, resumed with { Appointment = appointment }, to, events), events);
        }

        var moved = resumed with
        {
            Appointment = ShiftLater(calendar, state.Appointment, paused),
            StepDue = ShiftLater(calendar, state.StepDue, paused),
        };
        events.Add(new SupplementReceived(now, paused, moved.Appointment));
        return new Accepted(moved, events);
    }

    /// <summary>Deadlines never move earlier: zero paused minutes leave them where they are.</summary>
    private static DateTimeOffset ShiftLater(WorkingCalendar calendar, DateTimeOffset deadline, long minutes) =>
        minutes <= 0 ? deadline : Later(deadline, calendar.AddWorkingMinutes(deadline, minutes));

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DossierState ClosePauses(DossierState state, DateTimeOffset now) =>
        state.SupplementInProgress
            ? state with { Pauses = [.. state.Pauses.Select(p => p.End is null ? p with { End = now } : p)] }
            : state;

    /// <summary>Working minutes spent on the current step, not counting the clock's pauses during it.</summary>
    public static long WorkedMinutes(DossierState state, DateTimeOffset now, WorkingCalendar calendar)
    {
        var total = calendar.WorkingMinutesBetween(state.StepStarted, now);
        foreach (var p in state.Pauses)
        {
            var start = Later(p.Start, state.StepStarted);
            var end = p.End ?? now;
            if (end > start)
            {
                total -= calendar.WorkingMinutesBetween(start, end);
            }
        }
        return Math.Max(0, total);
    }
}
