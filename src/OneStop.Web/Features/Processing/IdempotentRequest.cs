namespace OneStop.Web.Features.Processing;

/// <summary>
/// An action request done under an Idempotency-Key, stored in the same transaction as its effect: repeating the
/// request returns the stored answer and does nothing twice.
/// </summary>
public sealed class IdempotentRequest
{
    public Guid AgencyId { get; set; }
    public required string Key { get; set; }
    public Guid DossierId { get; set; }
    public required string Action { get; set; }
    public int StatusCode { get; set; }
    /// <summary>The JSON answer (jsonb).</summary>
    public required string Response { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
