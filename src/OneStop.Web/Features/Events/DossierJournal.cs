using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using System.Text.Json.Serialization;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Events;

/// <summary>
/// Writes what happened to a dossier in the caller's transaction: one audit row per transition (who, when, from,
/// to, why) and one outbox row per event. Every handler that changes a dossier goes through here.
/// </summary>
public static class DossierJournal
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static AuditEntry Audit(this OneStopDbContext db, Dossier dossier, DateTimeOffset at, Guid? actorId, string action,
        DossierStatus? from, string? reason, string? stepKey = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            DossierId = dossier.Id, At = at, ActorId = actorId, Action = action, StepKey = stepKey,
            FromStatus = from, ToStatus = dossier.Status, Reason = reason,
        }).Entity;

    /// <summary>Adds an event of <paramref name="type"/> with the dossier's dimensions; <paramref name="facts"/> fills the rest.</summary>
    public static DossierEvent Publish(this OneStopDbContext db, Dossier dossier, string type, DateTimeOffset at, Guid? officerId,
        Func<DossierEvent, DossierEvent>? facts = null)
    {
        var e = new DossierEvent
        {
            EventId = Guid.CreateVersion7(at),
            Type = type,
            DossierId = dossier.Id,
            Version = ++dossier.EventVersion,
            At = at,
            DossierCode = dossier.Code,
            AgencyId = dossier.AgencyId,
            ProcedureCode = dossier.ProcedureCode,
            OfficerId = officerId,
            Status = dossier.Status,
            Channel = dossier.Channel,
        };
        e = facts?.Invoke(e) ?? e;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = e.EventId, DossierId = dossier.Id, Type = type, OccurredAt = at,
            Payload = JsonSerializer.Serialize(e, Json),
        });
        return e;
    }
}
