using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Organisation;

namespace OneStop.Web.Features.Events;

/// <summary><c>GET /api/admin/outbox</c>: is the relay keeping up? For administrators.</summary>
public static class OutboxApi
{
    /// <summary>Unpublished events, how many have failed at least once, the oldest waiting and the latest error.</summary>
    public sealed record OutboxStatus(int Unpublished, int Failing, DateTimeOffset? OldestUnpublishedAt, string? LastError, DateTimeOffset? LastPublishedAt);

    public static IEndpointRouteBuilder MapOutboxStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/outbox", GetAsync)
            .WithTags("Quản trị")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Tình trạng hàng đợi sự kiện (outbox): số sự kiện chưa gửi lên RabbitMQ, số lần gửi lỗi, sự kiện chờ lâu nhất, lỗi gần nhất. "
                + "Thông điệp mà bộ xử lý không xử lý được nằm ở hàng đợi <tên>_error của RabbitMQ.");
        return app;
    }

    private static async Task<Ok<OutboxStatus>> GetAsync(OneStopDbContext db, CancellationToken ct)
    {
        var waiting = db.OutboxMessages.AsNoTracking().Where(m => m.PublishedAt == null);
        return TypedResults.Ok(new OutboxStatus(
            await waiting.CountAsync(ct),
            await waiting.CountAsync(m => m.Attempts > 0, ct),
            await waiting.MinAsync(m => (DateTimeOffset?)m.OccurredAt, ct),
            await waiting.Where(m => m.LastError != null).OrderByDescending(m => m.NextAttemptAt).Select(m => m.LastError).FirstOrDefaultAsync(ct),
            await db.OutboxMessages.AsNoTracking().MaxAsync(m => m.PublishedAt, ct)));
    }
}
