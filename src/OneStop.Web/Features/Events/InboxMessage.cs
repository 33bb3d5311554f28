using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Events;

/// <summary>
/// A message a consumer has handled (idempotent consumer). The row is written in the same transaction as the
/// consumer's effect, so a redelivery — the relay publishes at least once, RabbitMQ redelivers unacknowledged
/// messages — finds it and does nothing; if the effect rolls back, so does the row.
/// </summary>
public sealed class InboxMessage
{
    public required string Consumer { get; set; }
    public Guid MessageId { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}

public static class Inbox
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles <paramref name="messageId"/>; false when it already has.
    /// Must run inside the consumer's transaction: a concurrent duplicate waits on the key until this one commits
    /// (then sees the row) or rolls back (then handles the message itself).
    /// </summary>
    public static async Task<bool> TryBeginAsync(this OneStopDbContext db, string consumer, Guid messageId, DateTimeOffset now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO inbox_messages (consumer, message_id, processed_at) VALUES ({consumer}, {messageId}, {now})
            ON CONFLICT (consumer, message_id) DO NOTHING
            """, ct) == 1;
}
