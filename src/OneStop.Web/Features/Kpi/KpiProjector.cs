using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Kpi;

/// <summary>
/// Keeps <see cref="KpiDossierFact"/> and <see cref="KpiStepCompletion"/> up to date from <see cref="DossierEvent"/>s,
/// a batch of deliveries per transaction (one inbox insert, one fact upsert, one lock, one save for up to
/// <see cref="BatchSize"/> events). Idempotent: the inbox rows and the effect commit together, and an event at or below
/// the dossier's applied version is ignored. Order-tolerant: an event whose predecessor has not been applied waits in
/// <c>kpi_pending_events</c> and is applied, in version order, when the gap is filled. Competing consumers are safe:
/// the batch's fact rows are locked (<c>FOR UPDATE</c>, in dossier order so two batches cannot deadlock) for the
/// transaction, so one dossier's events apply one batch at a time.
/// </summary>
public sealed class KpiProjector(OneStopDbContext db, TimeProvider clock) : IConsumer<Batch<DossierEvent>>
{
    public const string Name = "kpi-projector";

    /// <summary>Most events per transaction; a partial batch waits at most <see cref="BatchWait"/> for more.</summary>
    public const int BatchSize = 200;
    public static readonly TimeSpan BatchWait = TimeSpan.FromMilliseconds(50);

    public async Task Consume(ConsumeContext<Batch<DossierEvent>> context) =>
        await HandleAsync(db, [.. context.Message.Select(m => (m.Message, m.MessageId ?? m.Message.EventId))], clock.GetUtcNow(),
            context.CancellationToken);

    /// <summary>Applies delivered events in one transaction; returns how many were new (not duplicates).</summary>
    public static async Task<int> HandleAsync(OneStopDbContext db, IReadOnlyList<(DossierEvent Event, Guid MessageId)> deliveries,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var messageIds = deliveries.Select(d => d.MessageId).Distinct().ToArray();
        // Not composed: PostgreSQL cannot wrap an INSERT … RETURNING in a sub-query.
        var fresh = (await db.Database.SqlQuery<Guid>($"""
            INSERT INTO inbox_messages (consumer, message_id, processed_at)
            SELECT {Name}, id, {now} FROM unnest({messageIds}) AS id
            ON CONFLICT (consumer, message_id) DO NOTHING
            RETURNING message_id AS "Value"
            """).ToListAsync(ct)).ToHashSet();
        var events = deliveries.Where(d => fresh.Remove(d.MessageId)).Select(d => d.Event).ToList();
        if (events.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }
        // A fact row for each dossier not seen before, then every fact row of the batch locked, both in dossier order.
        var firsts = events.GroupBy(e => e.DossierId).Select(g => g.MinBy(e => e.Version)!).OrderBy(e => e.DossierId).ToList();
        var ids = firsts.Select(e => e.DossierId).ToArray();
        var agencies = firsts.Select(e => e.AgencyId).ToArray();
        var procedures = firsts.Select(e => e.ProcedureCode).ToArray();
        var channels = firsts.Select(e => (int)(e.Channel ?? Channel.Counter)).ToArray();
        var statuses = firsts.Select(e => (int)e.Status).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO kpi_dossier_facts (dossier_id, agency_id, procedure_code, channel, status, last_version, fee, paid_online,
                transfers_electronic, transfers_paper, apology_letters, digitised_documents, reused_documents, unit_ids)
            SELECT f.id, f.agency, f.procedure, f.channel, f.status, 0, 0, false, 0, 0, 0, ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::uuid[]
            FROM unnest({ids}, {agencies}, {procedures}, {channels}, {statuses}) AS f (id, agency, procedure, channel, status)
            ON CONFLICT (dossier_id) DO NOTHING
            """, ct);
        var facts = await db.KpiDossierFacts
            .FromSql($"SELECT * FROM kpi_dossier_facts WHERE dossier_id = ANY({ids}) ORDER BY dossier_id FOR UPDATE")
            .ToDictionaryAsync(f => f.DossierId, ct);
        var waiting = (await db.KpiPendingEvents.Where(p => ids.Contains(p.DossierId)).ToListAsync(ct)).ToLookup(p => p.DossierId);
        foreach (var dossier in events.GroupBy(e => e.DossierId))
        {
            var fact = facts[dossier.Key];
            var queue = new SortedDictionary<long, (DossierEvent Event, KpiPendingEvent? Stored)>();
            foreach (var stored in waiting[dossier.Key])
            {
                queue[stored.Version] = (JsonSerializer.Deserialize<DossierEvent>(stored.Payload, DossierJournal.Json)!, stored);
            }
            foreach (var e in dossier.Where(e => e.Version > fact.LastVersion))
            {
                queue.TryAdd(e.Version, (e, null));
            }
            foreach (var (version, (e, stored)) in queue)
            {
                if (version == fact.LastVersion + 1)
                {
                    Apply(db, fact, e);
                    if (stored is not null)
                    {
                        db.KpiPendingEvents.Remove(stored);
                    }
                }
                else if (stored is null)
                {
                    // Its predecessor has not arrived yet: it waits.
                    db.KpiPendingEvents.Add(new KpiPendingEvent
                    {
                        DossierId = e.DossierId, Version = version, Payload = JsonSerializer.Serialize(e, DossierJournal.Json), ReceivedAt = now,
                    });
                }
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return events.Count;
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
