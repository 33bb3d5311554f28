namespace OneStop.Web.Features.Events;

/// <summary>
/// A <see cref="DossierEvent"/> waiting to be published, written in the same transaction as the change it
/// records (transactional outbox). The relay claims rows with FOR UPDATE SKIP LOCKED, publishes with publisher
/// confirms and stamps <see cref="PublishedAt"/>; published rows are kept for a configurable time.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Equals the event's id; UUIDv7, so the primary key orders rows by creation.</summary>
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public required string Type { get; set; }
    /// <summary>The event as JSON (jsonb).</summary>
    public required string Payload { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}
