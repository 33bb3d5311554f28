using CsCheck;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;
using static OneStop.Workflows.Tests.Calendar.TestDates;
using static OneStop.Workflows.Tests.Engine.EngineFixtures;

namespace OneStop.Workflows.Tests.Engine;

/// <summary>
/// Random runs of (actor, action, parameters, time advance) over real definitions; every accepted decision is applied
/// and the invariants are checked after every step. CsCheck shrinks a failing run to a short one and prints its seed.
/// </summary>
public sealed class WorkflowPropertyTests
{
    private static readonly ProcedureDefinition[] Definitions = [SocialAllowance, InterAgency, Certification];

    private static readonly Actor[] Actors =
    [
        Desk,
        OfficeSpecialist,
        CultureSpecialist,
        new("cs-2", new HashSet<Role> { Role.Specialist }, "culture-society"),
        CultureLeader,
        new("ld-1", new HashSet<Role> { Role.Leader }, "leadership"),
        new("sv-1", new HashSet<Role> { Role.Supervisor }, "office"),
    ];

    private static readonly WorkflowAction[] AllActions = Enum.GetValues<WorkflowAction>();

    /// <summary>One random move: who, what (or "something the actor may do now"), parameter seed, wall-clock minutes before it.</summary>
    private sealed record Move(int Actor, int Action, bool PickAllowed, int Parameters, int AdvanceMinutes)
    {
        public override string ToString() => $"({Actor},{Action},{PickAllowed},{Parameters},{AdvanceMinutes})";
    }

    private static readonly Gen<Move> GenMove = Gen.Select(Gen.Int[0, Actors.Length - 1], Gen.Int[0, AllActions.Length - 1], Gen.Int[0, 9],
        Gen.Int[0, 1000], Gen.Int[0, 1800], (a, x, p, q, t) => new Move(a, x, p < 8, q, q % 4 == 0 ? t : t / 12));

    private static readonly Gen<(int Definition, Move[] Moves)> GenRun = Gen.Select(Gen.Int[0, Definitions.Length - 1], GenMove.Array[1, 80]);

    [Test]
    public void Invariants_hold_after_every_accepted_action()
    {
        GenRun.Sample(run => Run(Definitions[run.Definition], run.Moves), iter: 3000,
            print: run => $"{Definitions[run.Definition].Code}: {string.Join(" ", run.Moves.Select(m => m.ToString()))}");
    }

    private static void Run(ProcedureDefinition definition, Move[] moves)
    {
        var now = T("2026-11-23T08:00");
        var state = DossierState.Received(definition, Office, now);
        CheckState(definition, state);
        foreach (var move in moves)
        {
            now = now.AddMinutes(move.AdvanceMinutes);
            var actor = Actors[move.Actor];
            var action = AllActions[move.Action];
            if (move.PickAllowed)
            {
                // Mostly something someone may do now, rarely the end of the road: runs then go deep into the workflow.
                for (var k = 0; k < Actors.Length; k++)
                {
                    var candidate = Actors[(move.Actor + k) % Actors.Length];
                    var allowed = WorkflowEngine.AllowedActions(definition, state, candidate, now, Office)
                        .Where(a => move.Parameters % 25 == 0 || a is not (WorkflowAction.Refuse or WorkflowAction.Withdraw)).ToList();
                    if (allowed.Count > 0)
                    {
                        (actor, action) = (candidate, allowed[(move.Action + move.Parameters) % allowed.Count]);
                        break;
                    }
                }
            }
            var request = Request(definition, state, action, move.Parameters, now);
            var decision = WorkflowEngine.Decide(definition, state, actor, request, now, Office);
            var terminal = IsTerminal(state);
            if (decision is Accepted accepted)
            {
                Assert.That(terminal, Is.False, $"terminal state {WorkflowEngine.MachineState(state)} accepted {action}");
                Assert.That(accepted.Events, Is.Not.Empty, $"{action} accepted without an event");
                Assert.That(WorkflowEngine.AllowedActions(definition, state, actor, now, Office), Does.Contain(action),
                    $"{action} was accepted but is not listed among the allowed actions");
                CheckMove(definition, state, accepted.State, action);
                state = accepted.State;
            }
            else
            {
                var refused = (Refused)decision;
                Assert.That(refused.Reason, Is.Not.Empty);
                if (terminal)
                {
                    Assert.That(refused.Kind, Is.EqualTo(RefusalKind.NotApplicable), $"{action} in a terminal state: {refused.Reason}");
                }
            }
        }
    }

    private static ActionRequest Request(ProcedureDefinition definition, DossierState state, WorkflowAction action, int p, DateTimeOffset now)
    {
        var current = definition.Steps.FirstOrDefault(s => s.Key == state.CurrentStep);
        return new ActionRequest(action)
        {
            Reason = (p % 7) switch { 0 => null, 1 => "  ", _ => $"Lý do {p}" },
            TargetStep = p % 5 == 0 || current is null || current.SendBackTo.Count == 0
                ? definition.Steps[p % definition.Steps.Count].Key
                : current.SendBackTo[p % current.SendBackTo.Count],
            NewAppointment = p % 11 == 0 ? null : state.Appointment.AddDays((p % 13) - 3),
            Mode = p % 2 == 0 ? TransferMode.Electronic : TransferMode.Paper,
            SupplyBy = (p % 9) switch { 0 => now.AddHours(-1), 1 or 2 => now.AddDays(p % 20), _ => null },
            Assignee = p % 10 == 0 ? null : Actors[p % Actors.Length].OfficerId,
        };
    }

    private static bool IsTerminal(DossierState state) => WorkflowEngine.MachineState(state) is
        WorkflowEngine.RefusedState or WorkflowEngine.WithdrawnState or WorkflowEngine.ResultReadyState;

    /// <summary>What must hold of any state the engine produces.</summary>
    private static void CheckState(ProcedureDefinition definition, DossierState state)
    {
        // Exactly one current step, and it is one of the definition's (no step runs in parallel in our definitions).
        var current = definition.Steps.SingleOrDefault(s => s.Key == state.CurrentStep);
        Assert.That(current, Is.Not.Null, $"current step “{state.CurrentStep}” is not a step of {definition.Code}");

        // Pauses: in order, never overlapping, at most one open and only the last.
        var pauses = state.Pauses;
        Assert.That(pauses.Count(p => p.End is null), Is.LessThanOrEqualTo(1), "more than one open pause");
        for (var i = 0; i < pauses.Count; i++)
        {
            Assert.That(pauses[i].End is null || pauses[i].End >= pauses[i].Start, Is.True, "pause ends before it starts");
            if (i > 0)
            {
                Assert.That(pauses[i - 1].End, Is.Not.Null, "an open pause is followed by another");
                Assert.That(pauses[i - 1].End, Is.LessThanOrEqualTo(pauses[i].Start), "pauses overlap");
            }
        }

        // Status and machine state tell the same story.
        var machine = WorkflowEngine.MachineState(state);
        switch (state.Status)
        {
            case DossierStatus.SupplementRequested:
                Assert.That(machine, Is.EqualTo(WorkflowEngine.PausedState));
                break;
            case DossierStatus.NotAccepted or DossierStatus.Stopped:
                Assert.That(machine, Is.EqualTo(WorkflowEngine.RefusedState));
                Assert.That(state.SupplementInProgress, Is.False, "a refused dossier keeps an open pause");
                break;
            case DossierStatus.Withdrawn:
                Assert.That(machine, Is.EqualTo(WorkflowEngine.WithdrawnState));
                Assert.That(state.SupplementInProgress, Is.False, "a withdrawn dossier keeps an open pause");
                break;
            case DossierStatus.Returned:
                Assert.That(machine, Is.EqualTo(WorkflowEngine.ResultReadyState));
                break;
            case DossierStatus.Accepted or DossierStatus.InProgress or DossierStatus.Finished:
                Assert.That(machine, Is.EqualTo(state.CurrentStep), $"status {state.Status} but machine state {machine}");
                Assert.That(state.Status == DossierStatus.Finished, Is.EqualTo(current!.Kind == StepKind.Return),
                    $"status {state.Status} at step {current.Key} ({current.Kind})");
                break;
            default:
                Assert.Fail($"unexpected status {state.Status}");
                break;
        }
        if (state.AtPartner)
        {
            Assert.That(current!.Kind, Is.EqualTo(StepKind.Transfer), "at the partner outside a transfer step");
        }
    }

    /// <summary>What must hold of every accepted transition.</summary>
    private static void CheckMove(ProcedureDefinition definition, DossierState before, DossierState after, WorkflowAction action)
    {
        CheckState(definition, after);
        Assert.That(after.Appointment, Is.GreaterThanOrEqualTo(before.Appointment), $"{action} moved the appointment earlier");
        if (after.CurrentStep == before.CurrentStep && after.StepStarted == before.StepStarted)
        {
            Assert.That(after.StepDue, Is.GreaterThanOrEqualTo(before.StepDue), $"{action} moved the step's due earlier");
        }
        Assert.That(after.Pauses, Has.Count.GreaterThanOrEqualTo(before.Pauses.Count), "a pause disappeared");
        for (var i = 0; i < before.Pauses.Count; i++)
        {
            var (was, now) = (before.Pauses[i], after.Pauses[i]);
            Assert.That(now.Start, Is.EqualTo(was.Start), "a pause's start changed");
            if (was.End is not null)
            {
                Assert.That(now.End, Is.EqualTo(was.End), "a closed pause changed");
            }
        }
        if (before.ExtensionGranted)
        {
            Assert.That(after.ExtensionGranted, Is.True);
            Assert.That(after.AppointmentBeforeExtension, Is.EqualTo(before.AppointmentBeforeExtension), "the original appointment changed");
        }
    }
}
