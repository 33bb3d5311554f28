using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Processing;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Overdue;

public sealed record OverdueGroup(Guid? Id, string Name, int Overdue, int DueSoon);

/// <summary>Overdue and due-within-one-working-day steps of the caller's agency, with counts by unit and by officer.</summary>
public sealed record OverdueReport(DateTimeOffset AsOf, IReadOnlyList<DossierListItem> Overdue, IReadOnlyList<DossierListItem> DueSoon,
    IReadOnlyList<OverdueGroup> ByUnit, IReadOnlyList<OverdueGroup> ByOfficer);

public sealed record NotificationView(Guid Id, Guid DossierId, NotificationKind Kind, string Message, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public static class OverdueApi
{
    public static IServiceCollection AddOverdue(this IServiceCollection services)
    {
        services.AddOptions<OverdueOptions>().BindConfiguration(OverdueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations();
        services.AddScoped<OverdueWatch>();
        services.AddHostedService<OverdueWatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapOverdue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/overdue", OverdueAsync).WithTags("Giám sát")
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Leader, Roles.Admin))
            .WithSummary("Bước quá hạn và sắp đến hạn (trong một ngày làm việc) của cơ quan, theo đơn vị và cán bộ; lọc unit, assignee, procedure.");
        var mine = app.MapGroup("/api/notifications").WithTags("Thông báo").RequireAuthorization();
        mine.MapGet("/", NotificationsAsync).WithSummary("Thông báo của tôi (chưa đọc trước).");
        mine.MapPost("/{id:guid}/read", ReadAsync).DisableAntiforgery().WithSummary("Đánh dấu đã đọc.");
        return app;
    }

    private static async Task<Ok<OverdueReport>> OverdueAsync(Guid? unit, Guid? assignee, string? procedure, ClaimsPrincipal user,
        DossierQueries queries, TimeProvider clock, OneStopDbContext db, CancellationToken ct)
    {
        var filter = new DossierFilter { Unit = unit, Assignee = assignee, Procedure = procedure, Take = 500 };
        var overdue = await queries.ListAsync(user, filter with { Overdue = true }, ct);
        var soon = await queries.ListAsync(user, filter with { DueSoon = true }, ct);
        var all = overdue.Concat(soon).ToList();
        var stepUnits = await UnitsOfAsync(db, all, ct);
        var byUnit = all.GroupBy(i => stepUnits.GetValueOrDefault((i.Id, i.StepKey)))
            .Select(g => new OverdueGroup(g.Key.Id, g.Key.Name ?? "(chưa xác định đơn vị)", g.Count(i => i.StepOverdue), g.Count(i => !i.StepOverdue)))
            .OrderByDescending(g => g.Overdue).ToList();
        var byOfficer = all.GroupBy(i => (i.AssigneeId, i.AssigneeName))
            .Select(g => new OverdueGroup(g.Key.AssigneeId, g.Key.AssigneeName ?? "(chưa phân công)", g.Count(i => i.StepOverdue), g.Count(i => !i.StepOverdue)))
            .OrderByDescending(g => g.Overdue).ToList();
        return TypedResults.Ok(new OverdueReport(clock.GetUtcNow(), overdue, soon, byUnit, byOfficer));
    }

    private static async Task<Dictionary<(Guid, string?), (Guid? Id, string? Name)>> UnitsOfAsync(OneStopDbContext db, List<DossierListItem> items,
        CancellationToken ct)
    {
        var ids = items.Select(i => i.Id).Distinct().ToList();
        var rows = await (from s in db.DossierSteps
                          where ids.Contains(s.DossierId) && s.CompletedAt == null
                          join u in db.Units on s.UnitId equals u.Id into units
                          from u in units.DefaultIfEmpty()
                          select new { s.DossierId, s.StepKey, s.UnitId, Name = u == null ? null : u.Name }).ToListAsync(ct);
        return rows.GroupBy(r => (r.DossierId, (string?)r.StepKey)).ToDictionary(g => g.Key, g => (g.First().UnitId, (string?)g.First().Name));
    }

    private static async Task<Ok<List<NotificationView>>> NotificationsAsync(ClaimsPrincipal user, OneStopDbContext db, CancellationToken ct)
    {
        var me = user.OfficerId();
        return TypedResults.Ok(await db.Notifications.AsNoTracking().Where(n => n.OfficerId == me)
            .OrderBy(n => n.ReadAt != null).ThenByDescending(n => n.CreatedAt).Take(200)
            .Select(n => new NotificationView(n.Id, n.DossierId, n.Kind, n.Message, n.CreatedAt, n.ReadAt)).ToListAsync(ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReadAsync(Guid id, ClaimsPrincipal user, OneStopDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var me = user.OfficerId();
        var now = clock.GetUtcNow();
        var changed = await db.Notifications.Where(n => n.Id == id && n.OfficerId == me)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), ct);
        return changed == 0 ? Problems.NotFound("thông báo") : TypedResults.NoContent();
    }
}
