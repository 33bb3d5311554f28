using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Kpi;

/// <summary>
/// Keeps <see cref="KpiDossierFact"/> and <see cref="KpiStepCompletion"/> up to date from <see cref="DossierEvent"/>s.
/// Idempotent: the inbox row and the effect commit together, and an event at or below the dossier's applied
/// version is ignored. Order-tolerant: an event whose predecessor has not been applied waits in
/// <c>kpi_pending_events</c> and is applied, in version order, when the gap is filled. Competing consumers are
/// safe: the fact row is locked (<c>FOR UPDATE</c>) for the transaction, so one dossier's events apply one at a time.
/// </summary>
public sealed class KpiProjector(OneStopDbContext db, TimeProvider clock) : IConsumer<DossierEvent>
{
    public const string Name = "kpi-projector";

    public async Task Consume(ConsumeContext<DossierEvent> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        var messageId = context.MessageId ?? e.EventId;
        await HandleAsync(db, e, messageId, clock.GetUtcNow(), ct);
    }

    /// <summary>Applies one delivered event in its own transaction; false when it was a duplicate.</summary>
    public static async Task<bool> HandleAsync(OneStopDbContext db, DossierEvent e, Guid messageId, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.TryBeginAsync(Name, messageId, now, ct))
        {
            return false;
        }
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO kpi_dossier_facts (dossier_id, agency_id, procedure_code, channel, status, last_version, fee, paid_online,
                transfers_electronic, transfers_paper, apology_letters, digitised_documents, reused_documents, unit_ids)
            VALUES ({e.DossierId}, {e.AgencyId}, {e.ProcedureCode}, {(int)(e.Channel ?? Channel.Counter)}, {(int)e.Status}, 0, 0, false,
                0, 0, 0, ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::uuid[])
            ON CONFLICT (dossier_id) DO NOTHING
            """, ct);
        var fact = await db.KpiDossierFacts.FromSql($"SELECT * FROM kpi_dossier_facts WHERE dossier_id = {e.DossierId} FOR UPDATE")
            .SingleAsync(ct);
        if (e.Version <= fact.LastVersion)
        {
            await tx.CommitAsync(ct);
            return true;
        }
        if (e.Version > fact.LastVersion + 1)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO kpi_pending_events (dossier_id, version, payload, received_at)
                VALUES ({e.DossierId}, {e.Version}, {JsonSerializer.Serialize(e, DossierJournal.Json)}::jsonb, {now})
                ON CONFLICT (dossier_id, version) DO NOTHING
                """, ct);
            await tx.CommitAsync(ct);
            return true;
        }
        Apply(db, fact, e);
        // Events that were waiting for this one.
        var pending = await db.KpiPendingEvents.Where(p => p.DossierId == e.DossierId && p.Version > e.Version)
            .OrderBy(p => p.Version).ToListAsync(ct);
        foreach (var next in pending)
        {
            if (next.Version != fact.LastVersion + 1)
            {
                break;
            }
            Apply(db, fact, JsonSerializer.Deserialize<DossierEvent>(next.Payload, DossierJournal.Json)!);
            db.KpiPendingEvents.Remove(next);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The effect of one event on the dossier's facts, in version order. Mirrors what the handlers write to the source tables.</summary>
    public static void Apply(OneStopDbContext db, KpiDossierFact f, DossierEvent e)
    {
        f.LastVersion = e.Version;
        f.Status = e.Status;
        f.AgencyId = e.AgencyId;
        f.ProcedureCode = e.ProcedureCode;
        if (e.Channel is { } channel)
        {
            f.Channel = channel;
        }
        if (e.UnitId is { } unit && !f.UnitIds.Contains(unit))
        {
            f.UnitIds = [.. f.UnitIds, unit];
        }
        switch (e.Type)
        {
            case DossierEventTypes.Submitted:
                f.SubmittedAt ??= e.At;
                Money(f, e);
                break;
            case DossierEventTypes.Registered:
                f.SubmittedAt ??= e.At;
                f.ReceivedAt = e.At;
                f.AppointmentAt = e.Due;
                Money(f, e);
                break;
            case DossierEventTypes.PaymentRecorded:
                Money(f, e);
                break;
            case DossierEventTypes.NotAccepted:
            case DossierEventTypes.Refused:
            case DossierEventTypes.Withdrawn:
                f.ClosedAt = e.At;
                break;
            case DossierEventTypes.SupplementReceived when e.Due is { } appointment:
                f.AppointmentAt = appointment;
                break;
            case DossierEventTypes.ExtensionGranted:
                // As the workflow does: the appointment the letter replaces becomes the one lateness is judged against.
                f.OriginalAppointmentAt = f.AppointmentAt;
                f.AppointmentAt = e.Due;
                f.ApologyLetters++;
                break;
            case DossierEventTypes.ResultReady:
                f.ResultReadyAt = e.At;
                break;
            case DossierEventTypes.ResultReturned:
                f.ReturnedAt = e.At;
                break;
            case DossierEventTypes.TransferredToPartner:
            case DossierEventTypes.ReceivedFromPartner:
                if (e.Mode == TransferMode.Electronic)
                {
                    f.TransfersElectronic++;
                }
                else
                {
                    f.TransfersPaper++;
                }
                break;
            case DossierEventTypes.DocumentDigitised when e.DocumentKey is { } key:
                f.DigitisedDocuments = [.. f.DigitisedDocuments.Where(k => k != key).Append(key).Order(StringComparer.Ordinal)];
                f.ReusedDocuments = [.. f.ReusedDocuments.Where(k => k != key)];
                break;
            case DossierEventTypes.DocumentReused when e.DocumentKey is { } key:
                f.ReusedDocuments = [.. f.ReusedDocuments.Where(k => k != key).Append(key).Order(StringComparer.Ordinal)];
                f.DigitisedDocuments = [.. f.DigitisedDocuments.Where(k => k != key)];
                break;
            case DossierEventTypes.ResultDigitised:
                f.ResultDigitisedAt ??= e.At;
                break;
            case DossierEventTypes.Rated:
                f.Rating = e.Rating;
                f.RatedAt = e.At;
                break;
            case DossierEventTypes.StepCompleted:
                db.KpiStepCompletions.Add(new KpiStepCompletion
                {
                    DossierId = e.DossierId, Version = e.Version, AgencyId = e.AgencyId, ProcedureCode = e.ProcedureCode,
                    StepKey = e.StepKey ?? "", UnitId = e.UnitId, OfficerId = e.Assignee, CompletedAt = e.At,
                    DueAt = e.Due ?? e.At, OnTime = e.OnTime ?? true,
                });
                break;
        }
    }

    private static void Money(KpiDossierFact f, DossierEvent e)
    {
        if (e.Fee is { } fee)
        {
            f.Fee = fee;
        }
        if (e.Payment is { } payment)
        {
            f.PaidOnline = payment == PaymentMethod.Online;
        }
    }
}
