using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;
using OneStop.Workflows.Engine;

namespace OneStop.Web.Features.Processing;

/// <summary>
/// Runs the pure engine against stored dossiers: builds the engine's state from the rows, asks it to decide, and
/// writes the decision back — step rows (one per holding), pauses, letters, slips and the events — in the
/// caller's transaction. Handlers (actions API, desk registration, result return) call it; nothing else moves a
/// dossier between steps.
/// </summary>
public sealed class DossierWorkflow(
    OneStopDbContext db, DefinitionCatalog catalog, AgencyCalendars calendars, SlipService slips, IMemoryCache cache)
{
    /// <summary>
    /// An agency's office hours, a unit's function and the unit that does a function are read once per process and
    /// kept this long: every action and every "what may I do" asks for them, and they change only when the organisation
    /// is re-seeded.
    /// </summary>
    public static readonly TimeSpan OrganisationCacheLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A dossier with everything the engine and the dossier page need (steps, pauses, letters, documents), tracked for
    /// update, in one round trip (<see cref="DossierRows"/>).
    /// </summary>
    public async Task<Dossier?> LoadAsync(Guid agencyId, Guid id, CancellationToken ct) =>
        Track((await DossierRows.ReadAsync(db, agencyId, id, DossierRows.Parts.Documents, ct)).Dossier);

    /// <summary>Hands a dossier read by <see cref="DossierRows"/> (and its rows) to the context's change tracker, unchanged.</summary>
    public Dossier? Track(Dossier? dossier)
    {
        if (dossier is not null)
        {
            db.Attach(dossier);
        }
        return dossier;
    }

    public ProcedureDefinition DefinitionOf(Dossier d) =>
        catalog.Find(d.ProcedureCode, d.ProcedureVersion) ?? catalog.Find(d.ProcedureCode)
        ?? throw new InvalidOperationException($"Procedure {d.ProcedureCode} v{d.ProcedureVersion} is not loaded.");

    public async Task<WorkingCalendar> CalendarOfAsync(Guid agencyId, CancellationToken ct) =>
        calendars.For((await cache.GetOrCreateAsync(("agency-office-hours", agencyId), e =>
        {
            e.AbsoluteExpirationRelativeToNow = OrganisationCacheLifetime;
            return db.Agencies.Where(a => a.Id == agencyId).Select(a => a.OfficeHours).SingleAsync(ct);
        }))!);

    /// <summary>The open holding of the current step (the last row not completed).</summary>
    public static DossierStep? OpenStep(Dossier d) =>
        d.Steps.Where(s => s.CompletedAt is null).MaxBy(s => s.Sequence);

    /// <summary>The engine's view of a stored dossier.</summary>
    public static DossierState StateOf(Dossier d)
    {
        var open = OpenStep(d);
        var last = open ?? d.Steps.MaxBy(s => s.Sequence);
        var draft = d.Letters.FirstOrDefault(l => l.Kind == LetterKind.Apology && l.State == LetterState.Draft);
        return new DossierState
        {
            Status = d.Status,
            CurrentStep = d.CurrentStepKey ?? last?.StepKey ?? "",
            StepStarted = last?.StartedAt ?? d.ReceivedAt ?? d.SubmittedAt,
            StepDue = last?.DueAt ?? d.AppointmentAt ?? d.SubmittedAt,
            Appointment = d.AppointmentAt ?? d.SubmittedAt,
            Pauses = [.. d.Pauses.OrderBy(p => p.StartedAt).Select(p => new PauseInterval(p.StartedAt, p.EndedAt, p.Reason) { SupplyBy = p.SupplyBy })],
            ExtensionGranted = d.OriginalAppointmentAt is not null,
            AppointmentBeforeExtension = d.OriginalAppointmentAt,
            AtPartner = d.AtPartner,
            StepAssignee = open?.AssigneeId?.ToString(),
            PendingExtension = draft is null ? null
                : new ExtensionDraft(draft.ProposedAppointment!.Value, draft.Reason, draft.DraftedById.ToString(), draft.DraftedAt),
        };
    }

    /// <summary>The engine's actor for a signed-in officer: roles from the ticket, unit function from the officer's unit.</summary>
    public async Task<Actor> ActorAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var roles = new HashSet<Role>();
        foreach (var claim in user.FindAll(ClaimTypes.Role))
        {
            if (Enum.TryParse<Role>(claim.Value, ignoreCase: true, out var role))
            {
                roles.Add(role);
            }
        }
        string? function = null;
        if (Guid.TryParse(user.FindFirstValue(OfficerClaimsFactory.UnitId), out var unitId))
        {
            function = await cache.GetOrCreateAsync(("unit-function", unitId), e =>
            {
                e.AbsoluteExpirationRelativeToNow = OrganisationCacheLifetime;
                return db.Units.Where(u => u.Id == unitId).Select(u => u.Function).SingleOrDefaultAsync(ct);
            });
        }
        return new Actor(user.OfficerId().ToString(), roles, function ?? "");
    }

    public IReadOnlyList<WorkflowAction> Allowed(Dossier d, Actor actor, WorkingCalendar calendar, DateTimeOffset now) =>
        d.Status is DossierStatus.Submitted or DossierStatus.NotAccepted || d.CurrentStepKey is null
            ? []
            : WorkflowEngine.AllowedActions(DefinitionOf(d), StateOf(d), actor, now, calendar);

    /// <summary>
    /// Decides <paramref name="request"/> and, when accepted, applies it to the tracked <paramref name="d"/> and its
    /// rows and adds the events to the outbox. Saves nothing itself except through the slip service (same
    /// transaction). The caller writes the audit row and saves.
    /// </summary>
    public async Task<Decision> ApplyAsync(Dossier d, Actor actor, ClaimsPrincipal? user, ActionRequest request, ActionInput? input,
        DateTimeOffset now, CancellationToken ct)
    {
        var definition = DefinitionOf(d);
        var calendar = await CalendarOfAsync(d.AgencyId, ct);
        var before = StateOf(d);
        var decision = WorkflowEngine.Decide(definition, before, actor, request, now, calendar);
        if (decision is not Accepted accepted)
        {
            return decision;
        }
        var officerId = Guid.Parse(actor.OfficerId);
        var after = accepted.State;
        d.Status = after.Status;
        d.AppointmentAt = after.Appointment;
        d.CurrentStepKey = after.CurrentStep;
        d.AtPartner = after.AtPartner;

        foreach (var e in accepted.Events)
        {
            var open = OpenStep(d);
            switch (e)
            {
                case StepCompleted c:
                    Close(open!, now, officerId, StepOutcome.Completed, c.OnTime, c.WorkingMinutes);
                    Publish(DossierEventTypes.StepCompleted, open!, x => x with { OnTime = c.OnTime, WorkingMinutes = c.WorkingMinutes, Assignee = open!.AssigneeId, Due = open.DueAt });
                    break;
                case StepSentBack b:
                    Close(open!, now, officerId, StepOutcome.SentBack, now <= open!.DueAt, WorkflowEngine.WorkedMinutes(before, now, calendar));
                    Publish(DossierEventTypes.SentBack, open, x => x with { Reason = b.Reason, Assignee = open.AssigneeId });
                    break;
                case StepStarted s:
                    if (open is not null)
                    {
                        // Restart after a supplement: the held step ends without being completed.
                        Close(open, now, officerId, StepOutcome.Restarted, now <= open.DueAt, WorkflowEngine.WorkedMinutes(before, now, calendar));
                    }
                    var row = await StartAsync(d, definition.Step(s.StepKey), now, s.Due, ct);
                    Publish(DossierEventTypes.StepStarted, row, x => x with { Due = s.Due });
                    if (definition.Step(s.StepKey).Assignment == Assignment.Auto && await LeastLoadedAsync(row, definition.Step(s.StepKey).Role, ct) is { } auto)
                    {
                        row.AssigneeId = auto;
                        Publish(DossierEventTypes.StepAssigned, row, x => x with { OfficerId = null, Assignee = auto });
                    }
                    break;
                case StepAssigned a:
                    var assignee = Guid.Parse(a.Assignee);
                    if (open!.AssigneeId is null)
                    {
                        open.AssigneeId = assignee;
                        Publish(DossierEventTypes.StepAssigned, open, x => x with { Assignee = assignee });
                    }
                    else
                    {
                        Close(open, now, officerId, StepOutcome.Reassigned, now <= open.DueAt, WorkflowEngine.WorkedMinutes(before, now, calendar));
                        var next = await StartAsync(d, definition.Step(open.StepKey), now, open.DueAt, ct);
                        next.AssigneeId = assignee;
                        Publish(DossierEventTypes.StepAssigned, next, x => x with { Assignee = assignee, Reason = request.Reason });
                    }
                    break;
                case SupplementRequested r:
                    var slip = await IssueSlipAsync(d, SlipKind.Supplement, user, r.Reason, input?.Items, ct);
                    var newPause = new DossierPause
                    {
                        Id = Guid.CreateVersion7(now), DossierId = d.Id, StepKey = r.StepKey, StartedAt = now, Reason = r.Reason,
                        SupplyBy = r.SupplyBy, RequestedById = officerId, SlipId = slip?.Id,
                    };
                    d.Pauses.Add(newPause);
                    db.DossierPauses.Add(newPause);
                    Publish(DossierEventTypes.SupplementRequested, open!, x => x with { Reason = r.Reason, Due = r.SupplyBy });
                    break;
                case SupplementReceived r:
                    var pause = d.Pauses.Single(p => p.EndedAt is null);
                    pause.EndedAt = now;
                    pause.ReceivedById = officerId;
                    pause.PausedMinutes = r.PausedMinutes;
                    if (open is not null && open.StepKey == after.CurrentStep)
                    {
                        open.DueAt = after.StepDue;
                    }
                    Publish(DossierEventTypes.SupplementReceived, open!, x => x with { WorkingMinutes = r.PausedMinutes, Due = r.NewAppointment });
                    break;
                case DossierRefused f:
                    ClosePause(d, now, officerId);
                    await IssueSlipAsync(d, SlipKind.Refusal, user, f.Reason, null, ct);
                    d.ClosedAt = now;
                    if (open is not null)
                    {
                        Close(open, now, officerId, StepOutcome.Refused, now <= open.DueAt, WorkflowEngine.WorkedMinutes(before, now, calendar));
                    }
                    Publish(DossierEventTypes.Refused, open ?? d.Steps.MaxBy(s => s.Sequence)!, x => x with { Reason = f.Reason });
                    break;
                case Withdrawn w:
                    ClosePause(d, now, officerId);
                    d.ClosedAt = now;
                    if (open is not null)
                    {
                        Close(open, now, officerId, StepOutcome.Withdrawn, now <= open.DueAt, WorkflowEngine.WorkedMinutes(before, now, calendar));
                    }
                    d.Letters.Add(await LetterAsync(d, LetterKind.Stop, w.Reason ?? "Công dân yêu cầu dừng giải quyết hồ sơ.", officerId, now, LetterState.Approved, ct));
                    Publish(DossierEventTypes.Withdrawn, open ?? d.Steps.MaxBy(s => s.Sequence)!, x => x with { Reason = w.Reason });
                    break;
                case TransferredToPartner t:
                    open!.SentToPartnerAt = now;
                    open.SentMode = t.Mode;
                    Publish(DossierEventTypes.TransferredToPartner, open, x => x with { Mode = t.Mode, Partner = t.Partner });
                    break;
                case ReceivedFromPartner t:
                    open!.BackFromPartnerAt = now;
                    open.BackMode = t.Mode;
                    Publish(DossierEventTypes.ReceivedFromPartner, open, x => x with { Mode = t.Mode, Partner = t.Partner });
                    break;
                case Approved:
                    Publish(DossierEventTypes.Approved, open!, null);
                    break;
                case ExtensionDrafted x:
                    var draft = await LetterAsync(d, LetterKind.Apology, x.Reason, officerId, now, LetterState.Draft, ct);
                    draft.OriginalAppointment = before.Appointment;
                    draft.ProposedAppointment = x.ProposedAppointment;
                    d.Letters.Add(draft);
                    Publish(DossierEventTypes.ExtensionDrafted, open!, y => y with { Reason = x.Reason, Due = x.ProposedAppointment });
                    break;
                case ExtensionGranted g:
                    var letter = d.Letters.Single(l => l.Kind == LetterKind.Apology && l.State == LetterState.Draft);
                    await DecideLetterAsync(d, letter, LetterState.Approved, officerId, now, null, ct);
                    d.OriginalAppointmentAt = g.OriginalAppointment;
                    Publish(DossierEventTypes.ExtensionGranted, open!, y => y with { Reason = g.Reason, Due = g.NewAppointment });
                    break;
                case ExtensionRejected r:
                    var rejected = d.Letters.Single(l => l.Kind == LetterKind.Apology && l.State == LetterState.Draft);
                    await DecideLetterAsync(d, rejected, LetterState.Rejected, officerId, now, r.Reason, ct);
                    Publish(DossierEventTypes.ExtensionRejected, open!, y => y with { Reason = r.Reason });
                    break;
                case ResultReturned:
                    d.ReturnedAt = now;
                    var last = d.Steps.MaxBy(s => s.Sequence)!;
                    Publish(DossierEventTypes.ResultReturned, last, x => x with
                    {
                        OnTime = now <= (d.OriginalAppointmentAt ?? d.AppointmentAt),
                        Due = d.OriginalAppointmentAt ?? d.AppointmentAt,
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Unhandled event {e.GetType().Name}.");
            }
        }
        if (d.Status == DossierStatus.Finished && before.Status != DossierStatus.Finished)
        {
            d.ResultReadyAt = now;
            Publish(DossierEventTypes.ResultReady, OpenStep(d)!, x => x with { Due = d.AppointmentAt });
        }
        return decision;

        void Publish(string type, DossierStep step, Func<DossierEvent, DossierEvent>? facts) =>
            db.Publish(d, type, now, officerId, e =>
            {
                e = e with { StepKey = step.StepKey, UnitFunction = step.UnitFunction, UnitId = step.UnitId };
                return facts?.Invoke(e) ?? e;
            });
    }

    /// <summary>The officers who may be given a step: same unit function, the step's role, least open steps first.</summary>
    public async Task<IReadOnlyList<OfficerLoad>> CandidatesAsync(Guid? unitId, Role role, CancellationToken ct)
    {
        if (unitId is null)
        {
            return [];
        }
        var roleName = role.ToString().ToLowerInvariant();
        return await db.Users
            .Where(o => o.UnitId == unitId
                && db.UserRoles.Any(ur => ur.UserId == o.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == roleName)))
            .Select(o => new { o.Id, o.FullName, o.Title, Open = db.DossierSteps.Count(s => s.AssigneeId == o.Id && s.CompletedAt == null) })
            .OrderBy(o => o.Open).ThenBy(o => o.Id)
            .Select(o => new OfficerLoad(o.Id, o.FullName, o.Title, o.Open))
            .ToListAsync(ct);
    }

    private async Task<Guid?> LeastLoadedAsync(DossierStep row, Role role, CancellationToken ct) =>
        (await CandidatesAsync(row.UnitId, role, ct)).FirstOrDefault()?.OfficerId;

    /// <summary>The concrete unit doing a step: the dossier's agency's unit with that function, else a partner agency's.</summary>
    private Task<Guid?> UnitForAsync(Guid agencyId, string function, CancellationToken ct) =>
        cache.GetOrCreateAsync(("unit-for", agencyId, function), e =>
        {
            e.AbsoluteExpirationRelativeToNow = OrganisationCacheLifetime;
            return db.Units.Where(u => u.Function == function)
                .OrderBy(u => u.AgencyId == agencyId ? 0 : 1).ThenBy(u => u.Code)
                .Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        });

    private async Task<DossierStep> StartAsync(Dossier d, StepDefinition step, DateTimeOffset now, DateTimeOffset due, CancellationToken ct)
    {
        var row = new DossierStep
        {
            Id = Guid.CreateVersion7(now),
            DossierId = d.Id,
            Sequence = d.Steps.Count == 0 ? 1 : d.Steps.Max(s => s.Sequence) + 1,
            StepKey = step.Key,
            Name = step.Name,
            UnitFunction = step.Unit,
            UnitId = await UnitForAsync(d.AgencyId, step.Unit, ct),
            StartedAt = now,
            DueAt = due,
        };
        d.Steps.Add(row);
        db.DossierSteps.Add(row);  // client-made keys: tell EF the row is new
        return row;
    }

    /// <summary>Registration: the desk officer holds the reception step from the moment of receipt.</summary>
    public async Task<DossierStep> StartReceptionAsync(Dossier d, ProcedureDefinition definition, DossierState received, Guid officerId,
        DateTimeOffset now, CancellationToken ct)
    {
        d.CurrentStepKey = received.CurrentStep;
        var row = await StartAsync(d, definition.FirstStep, received.StepStarted, received.StepDue, ct);
        row.AssigneeId = officerId;
        db.Publish(d, DossierEventTypes.StepStarted, now, officerId, e => e with
        {
            StepKey = row.StepKey, UnitFunction = row.UnitFunction, UnitId = row.UnitId, Due = row.DueAt, Assignee = officerId,
        });
        return row;
    }

    private static void Close(DossierStep step, DateTimeOffset now, Guid by, StepOutcome outcome, bool onTime, long minutes)
    {
        step.CompletedAt = now;
        step.CompletedById = by;
        step.Outcome = outcome;
        step.OnTime = onTime;
        step.WorkingMinutes = minutes;
    }

    private static void ClosePause(Dossier d, DateTimeOffset now, Guid by)
    {
        foreach (var p in d.Pauses.Where(p => p.EndedAt is null))
        {
            p.EndedAt = now;
            p.ReceivedById = by;
            p.PausedMinutes = 0;
        }
    }

    private async Task<CounterSlip?> IssueSlipAsync(Dossier d, SlipKind kind, ClaimsPrincipal? user, string reason,
        IReadOnlyList<SlipItemInput>? items, CancellationToken ct)
    {
        if (user is null)
        {
            return null;
        }
        var person = d.Submitter ?? d.Owner;
        var outcome = await slips.IssueAsync(kind, new SlipRequest(d.ProcedureCode,
            new PersonInput(person.FullName, person.IdNumber, person.Phone, person.Email, person.Address), items, reason), user, d.Id, ct);
        return outcome is SlipService.Issued issued ? issued.Slip
            : throw new InvalidOperationException("The slip was validated before the decision.");
    }

    private async Task<DossierLetter> LetterAsync(Dossier d, LetterKind kind, string reason, Guid officerId, DateTimeOffset now,
        LetterState state, CancellationToken ct)
    {
        var letter = new DossierLetter
        {
            Id = Guid.CreateVersion7(now), DossierId = d.Id, Kind = kind, State = LetterState.Draft, Reason = reason,
            DraftedById = officerId, DraftedAt = now,
        };
        db.DossierLetters.Add(letter);
        if (state != LetterState.Draft)
        {
            await DecideLetterAsync(d, letter, state, officerId, now, null, ct);
        }
        return letter;
    }

    /// <summary>Approval gives the letter its number (per agency, kind and year); a rejected draft keeps none.</summary>
    private async Task DecideLetterAsync(Dossier d, DossierLetter letter, LetterState state, Guid by, DateTimeOffset now, string? note,
        CancellationToken ct)
    {
        letter.State = state;
        letter.DecidedById = by;
        letter.DecidedAt = now;
        letter.DecisionNote = note;
        if (state == LetterState.Approved)
        {
            letter.Year = now.ToOffset(WorkingCalendar.VietnamOffset).Year;
            letter.Number = await db.NextAsync(d.AgencyId,
                "L" + ((int)letter.Kind).ToString(CultureInfo.InvariantCulture) + letter.Year.ToString(CultureInfo.InvariantCulture), ct);
        }
    }
}

/// <summary>An officer who may take a step, with the number of steps they hold now.</summary>
public sealed record OfficerLoad(Guid OfficerId, string FullName, string? Title, int OpenSteps);
