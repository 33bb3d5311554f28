using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Lookup;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Processing;

public sealed record PersonView(string FullName, string? IdNumber, string? Phone, string? Email, string? Address);

public sealed record StepView(int Sequence, string StepKey, string Name, string UnitFunction, string? UnitName, Guid? AssigneeId, string? AssigneeName,
    DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, string? CompletedByName, StepOutcome? Outcome, bool? OnTime,
    long? WorkingMinutes, DateTimeOffset? SentToPartnerAt, TransferMode? SentMode, DateTimeOffset? BackFromPartnerAt, TransferMode? BackMode);

public sealed record PauseView(string StepKey, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Reason, DateTimeOffset? SupplyBy,
    long? PausedMinutes, Guid? SlipId);

public sealed record LetterView(Guid Id, LetterKind Kind, int Number, int Year, LetterState State, string Reason,
    DateTimeOffset? OriginalAppointment, DateTimeOffset? ProposedAppointment, string? DraftedByName, DateTimeOffset DraftedAt,
    string? DecidedByName, DateTimeOffset? DecidedAt, string? DecisionNote);

public sealed record DocumentView(string Key, string Name, int Originals, int Certified, int Photocopies, bool Scanned, bool Reused);

public sealed record AuditView(DateTimeOffset At, string? ActorName, string Action, DossierStatus? FromStatus, DossierStatus ToStatus,
    string? StepKey, string? Reason);

public sealed record ActionView(string Action, string Label);

/// <summary>Everything about a dossier an officer of its agency sees; <see cref="RowVersion"/> goes back in If-Match.</summary>
public sealed record DossierDetail(
    Guid Id, string? Code, DossierStatus Status, string StatusText, string ProcedureCode, int ProcedureVersion, string ProcedureName,
    Channel Channel, PersonView Owner, PersonView? Submitter, long Fee, PaymentMethod PaymentMethod,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? AppointmentAt, DateTimeOffset? OriginalAppointmentAt,
    DateTimeOffset? ResultReadyAt, DateTimeOffset? ReturnedAt, DateTimeOffset? ClosedAt,
    string? CurrentStepKey, string? CurrentStepName, bool AtPartner, bool Overdue,
    IReadOnlyList<StepView> Steps, IReadOnlyList<PauseView> Pauses, IReadOnlyList<LetterView> Letters,
    IReadOnlyList<DocumentView> Documents, IReadOnlyList<AuditView> Audit, IReadOnlyList<ActionView> AllowedActions, uint RowVersion);

/// <summary>One line of a dossier list (inbox, queues, search): both the step's due and the dossier's appointment.</summary>
public sealed record DossierListItem(Guid Id, string? Code, string ProcedureCode, string ProcedureName, string OwnerName, DossierStatus Status,
    string StatusText, string? StepKey, string? StepName, Guid? AssigneeId, string? AssigneeName, DateTimeOffset? StepDueAt,
    DateTimeOffset? AppointmentAt, bool StepOverdue, bool StepDueSoon, bool AtPartner);

/// <summary>Filters of <c>GET /api/dossiers</c>.</summary>
public sealed record DossierFilter
{
    /// <summary>Only the caller's open steps (the specialist's inbox).</summary>
    public bool Mine { get; init; }
    public Guid? Assignee { get; init; }
    public Guid? Unit { get; init; }
    public string? Procedure { get; init; }
    public DossierStatus? Status { get; init; }
    /// <summary>Only steps past their due (true) or due within one working day (also "soon").</summary>
    public bool Overdue { get; init; }
    public bool DueSoon { get; init; }
    /// <summary>Code or owner name, accents ignored.</summary>
    public string? Q { get; init; }
    public int Take { get; init; } = 100;
}

public sealed class DossierQueries(OneStopDbContext db, DossierWorkflow workflow, IMemoryCache cache, TimeProvider clock)
{
    /// <summary>The detail of <paramref name="d"/> with its audit trail as <paramref name="audit"/> (id order).</summary>
    public async Task<DossierDetail> DetailAsync(Dossier d, IReadOnlyList<AuditEntry> audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = d.Steps.SelectMany(s => new[] { s.AssigneeId, s.CompletedById })
            .Concat(d.Letters.SelectMany(l => new[] { (Guid?)l.DraftedById, l.DecidedById }))
            .OfType<Guid>().Distinct().ToList();
        ids.AddRange(audit.Select(a => a.ActorId).OfType<Guid>());
        var names = await NamesAsync("officer-name", ids, missing =>
            db.Users.Where(o => missing.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.FullName, ct));
        var units = await NamesAsync("unit-name", d.Steps.Select(s => s.UnitId).OfType<Guid>(), missing =>
            db.Units.Where(u => missing.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct));
        string? Name(Guid? id) => id is { } g && names.TryGetValue(g, out var n) ? n : null;

        var definition = workflow.DefinitionOf(d);
        var calendar = await workflow.CalendarOfAsync(d.AgencyId, ct);
        var actor = await workflow.ActorAsync(user, ct);
        var open = DossierWorkflow.OpenStep(d);
        var allowed = workflow.Allowed(d, actor, calendar, now)
            .Select(a => new ActionView(ActionNames.Slug(a), ActionNames.Label(a))).ToList();
        var currentName = d.CurrentStepKey is { } key ? definition.Steps.FirstOrDefault(s => s.Key == key)?.Name : null;

        return new DossierDetail(
            d.Id, d.Code, d.Status, DossierStatusText.Name(d.Status), d.ProcedureCode, d.ProcedureVersion, d.ProcedureName, d.Channel,
            View(d.Owner), d.Submitter is null ? null : View(d.Submitter), d.Fee, d.PaymentMethod,
            d.SubmittedAt, d.ReceivedAt, d.AppointmentAt, d.OriginalAppointmentAt, d.ResultReadyAt, d.ReturnedAt, d.ClosedAt,
            d.CurrentStepKey, currentName, d.AtPartner, open is not null && open.DueAt < now,
            [.. d.Steps.OrderBy(s => s.Sequence).Select(s => new StepView(s.Sequence, s.StepKey, s.Name, s.UnitFunction,
                s.UnitId is { } u && units.TryGetValue(u, out var un) ? un : null, s.AssigneeId, Name(s.AssigneeId),
                s.StartedAt, s.DueAt, s.CompletedAt, Name(s.CompletedById), s.Outcome, s.OnTime, s.WorkingMinutes,
                s.SentToPartnerAt, s.SentMode, s.BackFromPartnerAt, s.BackMode))],
            [.. d.Pauses.OrderBy(p => p.StartedAt).Select(p => new PauseView(p.StepKey, p.StartedAt, p.EndedAt, p.Reason, p.SupplyBy, p.PausedMinutes, p.SlipId))],
            [.. d.Letters.OrderBy(l => l.DraftedAt).Select(l => new LetterView(l.Id, l.Kind, l.Number, l.Year, l.State, l.Reason,
                l.OriginalAppointment, l.ProposedAppointment, Name(l.DraftedById), l.DraftedAt, Name(l.DecidedById), l.DecidedAt, l.DecisionNote))],
            [.. d.Documents.Select(x => new DocumentView(x.DocumentKey, x.Name, x.Originals, x.Certified, x.Photocopies, x.FileId is not null, x.ReusedFromDocumentId is not null))],
            [.. audit.Select(a => new AuditView(a.At, Name(a.ActorId), a.Action, a.FromStatus, a.ToStatus, a.StepKey, a.Reason))],
            allowed, d.RowVersion);
    }

    /// <summary>Dossiers of the caller's agency with their open step, most urgent step first.</summary>
    public async Task<IReadOnlyList<DossierListItem>> ListAsync(ClaimsPrincipal user, DossierFilter filter, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        var now = clock.GetUtcNow();
        var calendar = await workflow.CalendarOfAsync(agencyId, ct);
        var soon = calendar.AddWorkingMinutes(now, calendar.OfficeHours.MinutesPerDay);
        var rows = from s in db.DossierSteps
                   join d in db.Dossiers on s.DossierId equals d.Id
                   where d.AgencyId == agencyId && s.CompletedAt == null
                   select new { s, d };
        var assignee = filter.Mine ? user.OfficerId() : filter.Assignee;
        if (assignee is { } a)
        {
            rows = rows.Where(x => x.s.AssigneeId == a);
        }
        if (filter.Unit is { } unit)
        {
            rows = rows.Where(x => x.s.UnitId == unit);
        }
        if (!string.IsNullOrWhiteSpace(filter.Procedure))
        {
            rows = rows.Where(x => x.d.ProcedureCode == filter.Procedure);
        }
        if (filter.Status is { } status)
        {
            rows = rows.Where(x => x.d.Status == status);
        }
        if (filter.Overdue && filter.DueSoon)
        {
            rows = rows.Where(x => x.s.DueAt <= soon);
        }
        else if (filter.Overdue)
        {
            rows = rows.Where(x => x.s.DueAt < now);
        }
        else if (filter.DueSoon)
        {
            rows = rows.Where(x => x.s.DueAt >= now && x.s.DueAt <= soon);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            rows = rows.Where(x => x.d.Code == q || EF.Functions.ILike(x.d.Owner.FullName, "%" + q + "%"));
        }
        var items = await rows
            .OrderBy(x => x.s.DueAt)
            .Take(Math.Clamp(filter.Take, 1, 500))
            .Select(x => new
            {
                x.d.Id, x.d.Code, x.d.ProcedureCode, x.d.ProcedureName, Owner = x.d.Owner.FullName, x.d.Status, x.s.StepKey, x.s.Name,
                x.s.AssigneeId, Assignee = db.Users.Where(o => o.Id == x.s.AssigneeId).Select(o => o.FullName).FirstOrDefault(),
                x.s.DueAt, x.d.AppointmentAt, x.d.AtPartner,
            })
            .ToListAsync(ct);
        return [.. items.Select(x => new DossierListItem(x.Id, x.Code, x.ProcedureCode, x.ProcedureName, x.Owner, x.Status,
            DossierStatusText.Name(x.Status), x.StepKey, x.Name, x.AssigneeId, x.Assignee, x.DueAt, x.AppointmentAt,
            x.DueAt < now, x.DueAt >= now && x.DueAt <= soon, x.AtPartner))];
    }

    /// <summary>
    /// Officers' or units' names by id, kept as long as the rest of the organisation
    /// (<see cref="DossierWorkflow.OrganisationCacheLifetime"/>): only the ids not kept yet are read, in one query.
    /// </summary>
    private async Task<Dictionary<Guid, string>> NamesAsync(string kind, IEnumerable<Guid> ids, Func<List<Guid>, Task<Dictionary<Guid, string>>> read)
    {
        var names = new Dictionary<Guid, string>();
        var missing = new List<Guid>();
        foreach (var id in ids.Distinct())
        {
            if (cache.TryGetValue((kind, id), out string? name))
            {
                names[id] = name!;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count > 0)
        {
            foreach (var (id, name) in await read(missing))
            {
                names[id] = cache.Set((kind, id), name, DossierWorkflow.OrganisationCacheLifetime);
            }
        }
        return names;
    }

    private static PersonView View(Person p) => new(p.FullName, p.IdNumber, p.Phone, p.Email, p.Address);
}
