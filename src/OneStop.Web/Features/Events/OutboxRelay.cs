using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Events;

/// <summary>
/// Moves <see cref="OutboxMessage"/> rows to RabbitMQ. Each pass claims up to <see cref="WorkerOptions.BatchSize"/>
/// due, unpublished rows in id order with <c>FOR UPDATE SKIP LOCKED</c> (several relays never take the same row),
/// publishes each event with MessageId = event id (publisher confirms on, so a publish returns once the broker
/// has the message), stamps <see cref="OutboxMessage.PublishedAt"/> and commits. A failed publish counts an attempt,
/// records the error and waits an exponential back-off; the pass stops there so a broker outage costs one timeout.
/// Published rows older than the retention are deleted. Delivery is at-least-once: a crash between the publish
/// and the commit publishes the row again, which the consumers' inbox absorbs.
/// </summary>
public sealed partial class OutboxRelay(IServiceScopeFactory scopes, IBusControl bus, TimeProvider clock,
    IOptions<WorkerOptions> options, ILogger<OutboxRelay> logger) : BackgroundService
{
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;
    private bool _busReady;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await RelayOnceAsync(stoppingToken);
                await CleanupAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable or similar: try again after a pause, never stop the relay.
                LogPassFailed(e);
                published = 0;
            }
            if (published < o.BatchSize)
            {
                try
                {
                    // Real time, not the injected clock: a test's frozen clock must not freeze the relay.
                    await Task.Delay(o.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: returns how many rows were published (a full batch means more may be waiting).</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!_busReady && !(_busReady = await WaitUntilHealthyAsync(o.PublishTimeout, ct)))
        {
            LogBusNotReady();
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE published_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= {now})
                ORDER BY id
                LIMIT {o.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);
        // The whole batch is in flight at once and the broker confirms it together: one round trip per batch, not
        // per message (the projector orders each dossier's events by version, so arrival order does not matter).
        var outcomes = await Task.WhenAll(rows.Select(row => PublishAsync(row, o.PublishTimeout, ct)));
        foreach (var (row, error) in outcomes.Where(o => o.Error is not null))
        {
            row.Attempts++;
            row.NextAttemptAt = clock.GetUtcNow() + Backoff(row.Attempts, o.MaxBackoff);
            row.LastError = Truncate(error!.GetType().Name + ": " + error.Message, 4000);
            LogPublishFailed(row.Id, row.Attempts, error);
        }
        // The published rows in one statement (a batch of UPDATEs by id was PostgreSQL's most frequent statement).
        var published = outcomes.Where(o => o.Error is null).Select(o => o.Row.Id).ToArray();
        if (published.Length > 0)
        {
            var at = clock.GetUtcNow();
            await db.OutboxMessages.Where(m => published.Contains(m.Id))
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.PublishedAt, at).SetProperty(x => x.LastError, (string?)null), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return published.Length;
    }

    private async Task<(OutboxMessage Row, Exception? Error)> PublishAsync(OutboxMessage row, TimeSpan publishTimeout, CancellationToken ct)
    {
        try
        {
            var message = JsonSerializer.Deserialize<DossierEvent>(row.Payload, DossierJournal.Json)
                ?? throw new InvalidOperationException("empty payload");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(publishTimeout);
            await bus.Publish(message, context => context.MessageId = row.Id, timeout.Token);
            return (row, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return (row, e);
        }
    }

    /// <summary>
    /// Before the first publish, the bus must be up with its receive endpoints bound: an event published to an
    /// exchange no queue is bound to yet (the very first start, a new environment prefix) would be dropped by RabbitMQ.
    /// When it does not get there in time the pass goes ahead, and the failed publish is recorded on the row.
    /// </summary>
    private async Task<bool> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            if (watch.Elapsed >= timeout)
            {
                return false;
            }
            await Task.Delay(100, ct);
        }
        return true;
    }

    /// <summary>1 s, 2 s, 4 s, … capped at <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan max)
    {
        var seconds = Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds));
    }

    private async Task CleanupAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < _nextCleanup)
        {
            return;
        }
        _nextCleanup = now.AddMinutes(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var cutoff = now - options.Value.Retention;
        await db.OutboxMessages.Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: không gửi được sự kiện {Id} lên RabbitMQ (lần {Attempts}).")]
    private partial void LogPublishFailed(Guid id, int attempts, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: RabbitMQ chưa sẵn sàng, vẫn thử gửi sự kiện.")]
    private partial void LogBusNotReady();

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox: lượt chuyển sự kiện thất bại.")]
    private partial void LogPassFailed(Exception e);
}
