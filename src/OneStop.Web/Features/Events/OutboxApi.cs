using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OneStop.Web.Features.Events;

/// <summary><c>GET /api/admin/outbox</c>: is the relay keeping up, and did a consumer give up on a message? For administrators.</summary>
public static class OutboxApi
{
    /// <summary>
    /// Unpublished events, how many have failed at least once, the oldest waiting and the latest error; and the
    /// consumers' error queues with the messages they hold (poison messages: null when the broker cannot be asked).
    /// </summary>
    public sealed record OutboxStatus(int Unpublished, int Failing, DateTimeOffset? OldestUnpublishedAt, string? LastError,
        DateTimeOffset? LastPublishedAt, IReadOnlyList<ErrorQueue> ErrorQueues);

    /// <summary>A consumer's error queue: messages it could not handle after its retries (or could not read at all).</summary>
    public sealed record ErrorQueue(string Queue, long? Messages);

    public static IEndpointRouteBuilder MapOutboxStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/outbox", GetAsync)
            .WithTags("Quản trị")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Tình trạng hàng đợi sự kiện (outbox): số sự kiện chưa gửi lên RabbitMQ, số lần gửi lỗi, sự kiện chờ lâu nhất, lỗi gần nhất; "
                + "số thông điệp mà bộ xử lý không xử lý được, trong hàng đợi <tên>_error của RabbitMQ (null khi không hỏi được RabbitMQ).");
        return app;
    }

    private static async Task<Ok<OutboxStatus>> GetAsync(OneStopDbContext db, IOptions<RabbitMqOptions> rabbit, ILoggerFactory logs, CancellationToken ct)
    {
        var waiting = db.OutboxMessages.AsNoTracking().Where(m => m.PublishedAt == null);
        return TypedResults.Ok(new OutboxStatus(
            await waiting.CountAsync(ct),
            await waiting.CountAsync(m => m.Attempts > 0, ct),
            await waiting.MinAsync(m => (DateTimeOffset?)m.OccurredAt, ct),
            await waiting.Where(m => m.LastError != null).OrderByDescending(m => m.NextAttemptAt).Select(m => m.LastError).FirstOrDefaultAsync(ct),
            await db.OutboxMessages.AsNoTracking().MaxAsync(m => m.PublishedAt, ct),
            [await ErrorQueueAsync(rabbit.Value, rabbit.Value.Prefix + KpiProjector.Name + "_error", logs, ct)]));
    }

    /// <summary>Asks the broker how many messages the queue holds (a passive declare: nothing is created); 0 when it does not exist yet.</summary>
    private static async Task<ErrorQueue> ErrorQueueAsync(RabbitMqOptions rabbit, string queue, ILoggerFactory logs, CancellationToken ct)
    {
        var factory = new ConnectionFactory
        {
            HostName = rabbit.Host, Port = rabbit.Port, VirtualHost = rabbit.VirtualHost, UserName = rabbit.Username, Password = rabbit.Password,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3), ClientProvidedName = "onestop-admin",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(ct);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            return new ErrorQueue(queue, (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return new ErrorQueue(queue, 0);
        }
        catch (BrokerUnreachableException e)
        {
            logs.CreateLogger(typeof(OutboxApi)).LogWarning(e, "RabbitMQ did not answer the error-queue check.");
            return new ErrorQueue(queue, null);
        }
    }
}
