using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Kpi;

public sealed record KpiQuery(DateOnly From, DateOnly To, string? Agency = null, Guid? Unit = null, string? Procedure = null);

/// <summary>A figure or fact on which the projection and the recomputation from the source tables disagree.</summary>
/// <summary>Figures of <see cref="KpiService.TrendKeys"/> for each calendar month, oldest first.</summary>
public sealed record KpiTrend(string? Agency, Guid? Unit, string? Procedure, IReadOnlyList<KpiTrendMonth> Months);

/// <summary>One calendar month (<c>yyyy-MM</c>, <see cref="From"/>–<see cref="To"/>) of a <see cref="KpiTrend"/>.</summary>
public sealed record KpiTrendMonth(string Month, DateOnly From, DateOnly To, IReadOnlyList<KpiFigure> Figures);

public sealed record KpiDifference(string What, string Projection, string Source);

/// <summary>The KPI table from the projection, and the operator's rebuild and verify.</summary>
public sealed class KpiService(OneStopDbContext db, AgencyCalendars calendars)
{
    /// <summary>
    /// The table from the projection, aggregated by PostgreSQL (<see cref="KpiCounts.QueryAsync"/>, officers' steps grouped
    /// by officer); only the average processing time reads rows (acceptance and result instants of the dossiers
    /// finished with a result), as working time needs the agency's calendar. Null when <see cref="KpiQuery.Agency"/>
    /// names no agency.
    /// </summary>
    public async Task<KpiReport?> ReportAsync(KpiQuery q, CancellationToken ct)
    {
        var (agencyId, known) = await AgencyAsync(q, ct);
        if (!known)
        {
            return null;
        }
        var counts = await KpiCounts.QueryAsync(db, q.From, q.To, agencyId, q.Unit, q.Procedure, ct);
        var (start, end) = KpiCounts.Instants(q.From, q.To);
        var withResult = await Facts(q, agencyId)
            .Where(f => f.ReceivedAt != null && f.ResultReadyAt >= start && f.ResultReadyAt < end)
            .Select(f => new { f.AgencyId, ReceivedAt = f.ReceivedAt!.Value, ResultReadyAt = f.ResultReadyAt!.Value })
            .ToListAsync(ct);
        var steps = db.KpiStepCompletions.AsNoTracking().Where(s => s.CompletedAt >= start && s.CompletedAt < end);
        if (agencyId is { } a)
        {
            steps = steps.Where(s => s.AgencyId == a);
        }
        if (q.Procedure is { } p)
        {
            steps = steps.Where(s => s.ProcedureCode == p);
        }
        if (q.Unit is { } u)
        {
            steps = steps.Where(s => s.UnitId == u);
        }
        var byOfficer = await steps.GroupBy(s => s.OfficerId)
            .Select(g => new { OfficerId = g.Key, Completed = g.Count(), Late = g.Count(s => !s.OnTime) })
            .ToListAsync(ct);
        var officerIds = byOfficer.Where(o => o.OfficerId != null).Select(o => o.OfficerId!.Value).ToList();
        var names = await db.Users.AsNoTracking().Where(o => officerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.FullName, ct);
        var calendarOf = await CalendarsAsync(ct);
        return KpiCalculator.Build(q.From, q.To, q.Agency, q.Unit, q.Procedure, counts,
            KpiCalculator.AverageDays(withResult.Select(f => (f.AgencyId, f.ReceivedAt, f.ResultReadyAt)), calendarOf),
            KpiCalculator.Officers(byOfficer.Select(o => (o.OfficerId, o.Completed, o.Late)), names));
    }

    /// <summary>Figures shown month by month on the supervisor's trend charts.</summary>
    public static readonly IReadOnlyList<string> TrendKeys =
    [
        "received.total", "received.counter", "received.online", "received.postal", "finished.total",
        "rates.onTime", "rates.transfersElectronic", "rates.online", "rates.onlinePayment",
    ];

    /// <summary>
    /// <see cref="TrendKeys"/> (all of them counts) for each calendar month from <see cref="KpiQuery.From"/>'s to
    /// <see cref="KpiQuery.To"/>'s, each month aggregated by PostgreSQL. Null when <see cref="KpiQuery.Agency"/> names no agency.
    /// </summary>
    public async Task<KpiTrend?> TrendAsync(KpiQuery q, CancellationToken ct)
    {
        var (agencyId, known) = await AgencyAsync(q, ct);
        if (!known)
        {
            return null;
        }
        var start = new DateOnly(q.From.Year, q.From.Month, 1);
        var end = new DateOnly(q.To.Year, q.To.Month, 1).AddMonths(1).AddDays(-1);
        var months = new List<KpiTrendMonth>();
        for (var month = start; month <= end; month = month.AddMonths(1))
        {
            var to = month.AddMonths(1).AddDays(-1);
            var counts = await KpiCounts.QueryAsync(db, month, to, agencyId, q.Unit, q.Procedure, ct);
            var figures = KpiCalculator.Build(month, to, q.Agency, q.Unit, q.Procedure, counts, null, [])
                .Sections.SelectMany(s => s.Figures).ToDictionary(f => f.Key);
            months.Add(new(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), month, to, [.. TrendKeys.Select(k => figures[k])]));
        }
        return new KpiTrend(q.Agency, q.Unit, q.Procedure, months);
    }

    /// <summary>The id of <see cref="KpiQuery.Agency"/> (null: every agency); not known when no agency has that code.</summary>
    private async Task<(Guid? Id, bool Known)> AgencyAsync(KpiQuery q, CancellationToken ct)
    {
        if (q.Agency is null)
        {
            return (null, true);
        }
        var id = await db.Agencies.Where(a => a.Code == q.Agency).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct);
        return (id, id is not null);
    }

    /// <summary>The projection's dossier rows under the query's agency, procedure and unit filters.</summary>
    private IQueryable<KpiDossierFact> Facts(KpiQuery q, Guid? agencyId)
    {
        var facts = db.KpiDossierFacts.AsNoTracking();
        if (agencyId is { } a)
        {
            facts = facts.Where(f => f.AgencyId == a);
        }
        if (q.Procedure is { } p)
        {
            facts = facts.Where(f => f.ProcedureCode == p);
        }
        if (q.Unit is { } u)
        {
            facts = facts.Where(f => f.UnitIds.Contains(u));
        }
        return facts;
    }

    /// <summary>Each agency's working calendar (processing time in working days).</summary>
    private async Task<Func<Guid, Workflows.Calendar.WorkingCalendar>> CalendarsAsync(CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.OfficeHours, ct);
        return id => calendars.For(agencies.TryGetValue(id, out var hours) ? hours : "07:30-11:30,13:30-17:00");
    }

    /// <summary>
    /// Replaces the projection with the recomputation from the source tables, in one transaction that locks the
    /// projection tables (consumers wait, then skip events at or below the rebuilt versions). Returns the row count.
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await db.Database.ExecuteSqlRawAsync("TRUNCATE kpi_dossier_facts, kpi_step_completions, kpi_pending_events", ct);
        var (facts, steps) = await KpiSource.ComputeAsync(db, ct);
        db.KpiDossierFacts.AddRange(facts);
        db.KpiStepCompletions.AddRange(steps.Select((s, i) => { s.Version = -(i + 1); return s; }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return facts.Count;
    }

    /// <summary>
    /// Compares the projection with the recomputation from the source tables: every dossier's facts, the step
    /// completions, and every figure of the table for the range. Empty when they agree.
    /// </summary>
    public async Task<List<KpiDifference>> VerifyAsync(KpiQuery q, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var (sourceFacts, sourceSteps) = await KpiSource.ComputeAsync(db, ct);
        var projected = await db.KpiDossierFacts.AsNoTracking().ToListAsync(ct);
        var projectedSteps = await db.KpiStepCompletions.AsNoTracking().ToListAsync(ct);
        var differences = new List<KpiDifference>();

        var byId = projected.ToDictionary(f => f.DossierId);
        foreach (var s in sourceFacts)
        {
            if (!byId.Remove(s.DossierId, out var p))
            {
                differences.Add(new($"hồ sơ {s.DossierId}", "(không có)", $"phiên bản {s.LastVersion}"));
                continue;
            }
            foreach (var (field, pv, sv) in Fields(p).Zip(Fields(s), (a, b) => (a.Name, a.Value, b.Value)))
            {
                if (pv != sv)
                {
                    differences.Add(new($"hồ sơ {s.DossierId}: {field}", pv, sv));
                }
            }
        }
        differences.AddRange(byId.Values.Select(p => new KpiDifference($"hồ sơ {p.DossierId}", $"phiên bản {p.LastVersion}", "(không có)")));

        static string StepKey(KpiStepCompletion s) => string.Create(CultureInfo.InvariantCulture,
            $"{s.DossierId} {s.StepKey} {s.CompletedAt.UtcTicks} {s.OfficerId} {s.UnitId} {s.DueAt.UtcTicks} {s.OnTime}");
        var ps = projectedSteps.Select(StepKey).Order(StringComparer.Ordinal).ToList();
        var ss = sourceSteps.Select(StepKey).Order(StringComparer.Ordinal).ToList();
        foreach (var extra in ps.Except(ss))
        {
            differences.Add(new("bước hoàn thành", extra, "(không có)"));
        }
        foreach (var missing in ss.Except(ps))
        {
            differences.Add(new("bước hoàn thành", "(không có)", missing));
        }

        var fromProjection = await ReportAsync(q, ct);
        if (fromProjection is null)
        {
            differences.Add(new("cơ quan", q.Agency ?? "", "không tìm thấy"));
            return differences;
        }
        var agencyId = q.Agency is null ? (Guid?)null : await db.Agencies.Where(a => a.Code == q.Agency).Select(a => a.Id).SingleAsync(ct);
        var calendarOf = await CalendarsAsync(ct);
        var sourceStepsInQuery = sourceSteps.Where(s => (agencyId is null || s.AgencyId == agencyId) && (q.Procedure is null || s.ProcedureCode == q.Procedure)
            && (q.Unit is null || s.UnitId == q.Unit)).ToList();
        var officerIds = sourceStepsInQuery.Where(s => s.OfficerId != null).Select(s => s.OfficerId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(o => officerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.FullName, ct);
        var fromSource = KpiCalculator.Compute(q.From, q.To, q.Agency, q.Unit, q.Procedure,
            [.. sourceFacts.Where(f => (agencyId is null || f.AgencyId == agencyId) && (q.Procedure is null || f.ProcedureCode == q.Procedure)
                && (q.Unit is null || f.UnitIds.Contains(q.Unit.Value)))],
            sourceStepsInQuery, calendarOf, names);
        var sourceFigures = fromSource.Flatten().ToDictionary(f => f.Key);
        foreach (var f in fromProjection.Flatten())
        {
            sourceFigures.Remove(f.Key, out var s);
            if (f.Value != s.Value)
            {
                differences.Add(new(f.Label, Format(f.Value), s.Key is null ? "(không có)" : Format(s.Value)));
            }
        }
        differences.AddRange(sourceFigures.Values.Select(s => new KpiDifference(s.Label, "(không có)", Format(s.Value))));
        return differences;
    }

    private static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "—";

    private static IEnumerable<(string Name, string Value)> Fields(KpiDossierFact f)
    {
        static string T(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) ?? "—";
        static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        yield return ("agency_id", f.AgencyId.ToString());
        yield return ("procedure_code", f.ProcedureCode);
        yield return ("channel", f.Channel.ToString());
        yield return ("status", f.Status.ToString());
        yield return ("last_version", I(f.LastVersion));
        yield return ("submitted_at", T(f.SubmittedAt));
        yield return ("received_at", T(f.ReceivedAt));
        yield return ("appointment_at", T(f.AppointmentAt));
        yield return ("original_appointment_at", T(f.OriginalAppointmentAt));
        yield return ("result_ready_at", T(f.ResultReadyAt));
        yield return ("returned_at", T(f.ReturnedAt));
        yield return ("closed_at", T(f.ClosedAt));
        yield return ("result_digitised_at", T(f.ResultDigitisedAt));
        yield return ("fee", I(f.Fee));
        yield return ("paid_online", f.PaidOnline ? "true" : "false");
        yield return ("rating", f.Rating?.ToString() ?? "—");
        yield return ("rated_at", T(f.RatedAt));
        yield return ("transfers_electronic", I(f.TransfersElectronic));
        yield return ("transfers_paper", I(f.TransfersPaper));
        yield return ("apology_letters", I(f.ApologyLetters));
        yield return ("digitised_documents", string.Join(",", f.DigitisedDocuments.Order(StringComparer.Ordinal)));
        yield return ("reused_documents", string.Join(",", f.ReusedDocuments.Order(StringComparer.Ordinal)));
        yield return ("unit_ids", string.Join(",", f.UnitIds.Order()));
    }
}
