using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Overdue;

public sealed record NotificationView(Guid Id, Guid DossierId, NotificationKind Kind, string Message, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public static class OverdueApi
{
    public static IServiceCollection AddOverdue(this IServiceCollection services)
    {
        services.AddOptions<OverdueOptions>().BindConfiguration(OverdueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations();
        services.AddScoped<OverdueWatch>();
        services.AddScoped<OverdueBoard>();
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
        OverdueBoard board, CancellationToken ct) =>
        TypedResults.Ok(await board.ReportAsync(user, unit, assignee, procedure, ct));

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
