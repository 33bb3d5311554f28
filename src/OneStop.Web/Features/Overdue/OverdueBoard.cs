using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Processing;

namespace OneStop.Web.Features.Overdue;

public sealed record OverdueGroup(Guid? Id, string Name, int Overdue, int DueSoon);

/// <summary>An officer's overdue and due-soon steps within one unit.</summary>
public sealed record OverdueOfficer(Guid? Id, string Name, int Overdue, int DueSoon, IReadOnlyList<DossierListItem> Items);

/// <summary>A unit's overdue and due-soon steps, by the officer holding them.</summary>
public sealed record OverdueUnit(Guid? Id, string Name, int Overdue, int DueSoon, IReadOnlyList<OverdueOfficer> Officers);

/// <summary>
/// Overdue and due-within-one-working-day steps of the caller's agency, with counts by unit and by officer, and the
/// same steps grouped by unit then officer (most overdue first).
/// </summary>
public sealed record OverdueReport(DateTimeOffset AsOf, IReadOnlyList<DossierListItem> Overdue, IReadOnlyList<DossierListItem> DueSoon,
    IReadOnlyList<OverdueGroup> ByUnit, IReadOnlyList<OverdueGroup> ByOfficer, IReadOnlyList<OverdueUnit> ByUnitAndOfficer);

/// <summary>Builds the <see cref="OverdueReport"/> for <c>GET /api/overdue</c> and the supervisor's dashboard.</summary>
public sealed class OverdueBoard(DossierQueries queries, TimeProvider clock, OneStopDbContext db)
{
    private const string NoUnit = "(chưa xác định đơn vị)";
    private const string NoOfficer = "(chưa phân công)";

    public async Task<OverdueReport> ReportAsync(ClaimsPrincipal user, Guid? unit, Guid? assignee, string? procedure, CancellationToken ct)
    {
        var filter = new DossierFilter { Unit = unit, Assignee = assignee, Procedure = procedure, Take = 500 };
        var overdue = await queries.ListAsync(user, filter with { Overdue = true }, ct);
        var soon = await queries.ListAsync(user, filter with { DueSoon = true }, ct);
        var all = overdue.Concat(soon).ToList();
        var stepUnits = await UnitsOfAsync(all, ct);
        (Guid? Id, string? Name) UnitOf(DossierListItem i) => stepUnits.GetValueOrDefault((i.Id, i.StepKey));
        var byUnit = all.GroupBy(UnitOf)
            .Select(g => new OverdueGroup(g.Key.Id, g.Key.Name ?? NoUnit, g.Count(i => i.StepOverdue), g.Count(i => !i.StepOverdue)))
            .OrderByDescending(g => g.Overdue).ToList();
        var byOfficer = all.GroupBy(i => (i.AssigneeId, i.AssigneeName))
            .Select(g => new OverdueGroup(g.Key.AssigneeId, g.Key.AssigneeName ?? NoOfficer, g.Count(i => i.StepOverdue), g.Count(i => !i.StepOverdue)))
            .OrderByDescending(g => g.Overdue).ToList();
        var tree = all.GroupBy(UnitOf)
            .Select(u => new OverdueUnit(u.Key.Id, u.Key.Name ?? NoUnit, u.Count(i => i.StepOverdue), u.Count(i => !i.StepOverdue),
                [.. u.GroupBy(i => (i.AssigneeId, i.AssigneeName))
                    .Select(o => new OverdueOfficer(o.Key.AssigneeId, o.Key.AssigneeName ?? NoOfficer, o.Count(i => i.StepOverdue),
                        o.Count(i => !i.StepOverdue), [.. o]))
                    .OrderByDescending(o => o.Overdue).ThenByDescending(o => o.DueSoon).ThenBy(o => o.Name, StringComparer.Ordinal)]))
            .OrderByDescending(u => u.Overdue).ThenByDescending(u => u.DueSoon).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();
        return new OverdueReport(clock.GetUtcNow(), overdue, soon, byUnit, byOfficer, tree);
    }

    private async Task<Dictionary<(Guid, string?), (Guid? Id, string? Name)>> UnitsOfAsync(List<DossierListItem> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.Id).Distinct().ToList();
        var rows = await (from s in db.DossierSteps
                          where ids.Contains(s.DossierId) && s.CompletedAt == null
                          join u in db.Units on s.UnitId equals u.Id into units
                          from u in units.DefaultIfEmpty()
                          select new { s.DossierId, s.StepKey, s.UnitId, Name = u == null ? null : u.Name }).ToListAsync(ct);
        return rows.GroupBy(r => (r.DossierId, (string?)r.StepKey)).ToDictionary(g => g.Key, g => (g.First().UnitId, (string?)g.First().Name));
    }
}
