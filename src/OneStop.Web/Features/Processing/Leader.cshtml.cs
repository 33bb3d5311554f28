using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Processing;

/// <summary>
/// The leader's desk: what waits for their signature (steps they hold, apology letters to approve) and who in their
/// unit holds how much, with the unit's steps nobody has been given yet.
/// </summary>
[Authorize(Roles = Roles.Leader)]
public sealed class LeaderModel(OneStopDbContext db, DossierQueries queries) : PageModel
{
    public sealed record DraftRow(Guid DossierId, string? Code, string OwnerName, string ProcedureName, string Reason,
        DateTimeOffset? OriginalAppointment, DateTimeOffset? ProposedAppointment, string? DraftedBy, DateTimeOffset DraftedAt);

    public sealed record OfficerRow(Guid Id, string FullName, string? Title, int OpenSteps);

    public IReadOnlyList<DossierListItem> Mine { get; private set; } = [];

    public IReadOnlyList<DraftRow> Drafts { get; private set; } = [];

    public string? UnitName { get; private set; }

    public IReadOnlyList<DossierListItem> Unassigned { get; private set; } = [];

    public IReadOnlyList<DossierListItem> Assigned { get; private set; } = [];

    public IReadOnlyList<OfficerRow> Officers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var agencyId = User.AgencyId();
        Mine = await queries.ListAsync(User, new DossierFilter { Mine = true, Take = 500 }, ct);
        var drafts = await (from l in db.DossierLetters.AsNoTracking()
                            join d in db.Dossiers on l.DossierId equals d.Id
                            where d.AgencyId == agencyId && l.Kind == LetterKind.Apology && l.State == LetterState.Draft
                            orderby l.DraftedAt
                            select new
                            {
                                d.Id, d.Code, Owner = d.Owner.FullName, d.ProcedureName, l.Reason, l.OriginalAppointment, l.ProposedAppointment,
                                DraftedBy = db.Users.Where(o => o.Id == l.DraftedById).Select(o => o.FullName).FirstOrDefault(), l.DraftedAt,
                            }).ToListAsync(ct);
        Drafts = [.. drafts.Select(x => new DraftRow(x.Id, x.Code, x.Owner, x.ProcedureName, x.Reason, x.OriginalAppointment, x.ProposedAppointment,
            x.DraftedBy, x.DraftedAt))];

        if (Guid.TryParse(User.FindFirstValue(OfficerClaimsFactory.UnitId), out var unitId))
        {
            UnitName = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).SingleOrDefaultAsync(ct);
            var open = await queries.ListAsync(User, new DossierFilter { Unit = unitId, Take = 500 }, ct);
            Unassigned = [.. open.Where(i => i.AssigneeId is null)];
            Assigned = [.. open.Where(i => i.AssigneeId is not null)];
            Officers = await db.Users.AsNoTracking()
                .Where(o => o.UnitId == unitId && o.AgencyId == agencyId)
                .Select(o => new { o.Id, o.FullName, o.Title, Open = db.DossierSteps.Count(s => s.AssigneeId == o.Id && s.CompletedAt == null) })
                .OrderBy(o => o.Open).ThenBy(o => o.FullName)
                .Select(o => new OfficerRow(o.Id, o.FullName, o.Title, o.Open))
                .ToListAsync(ct);
        }
    }
}
