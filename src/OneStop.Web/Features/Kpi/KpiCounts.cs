using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Calendar;

namespace OneStop.Web.Features.Kpi;

/// <summary>
/// The dossier counts behind the KPI table for a range (Vietnam dates, both ends included): <see cref="Of"/> counts
/// <see cref="KpiDossierFact"/> rows in memory (the recomputation from the source tables, <c>kpi verify</c>),
/// <see cref="QueryAsync"/> has PostgreSQL aggregate the projection (the table, the trend, the monthly report), so
/// <c>kpi verify</c> compares the two definitions figure by figure. Property names are the SQL's column names.
/// </summary>
public sealed class KpiCounts
{
    // Tiếp nhận trong kỳ.
    public int Received { get; init; }
    public int Counter { get; init; }
    public int Online { get; init; }
    public int Postal { get; init; }
    public long TransfersElectronic { get; init; }
    public long TransfersPaper { get; init; }
    public int WithFee { get; init; }
    public int PaidOnline { get; init; }
    public int Digitised { get; init; }
    public int Reused { get; init; }
    public long DigitisedDocuments { get; init; }
    public long ReusedDocuments { get; init; }
    public long ApologyLetters { get; init; }

    // Đã giải quyết trong kỳ.
    public int Finished { get; init; }
    public int Early { get; init; }
    public int OnTime { get; init; }
    public int Late { get; init; }
    public int WithResult { get; init; }
    public int ResultsDigitised { get; init; }

    // Đang giải quyết tại cuối kỳ.
    public int InProgress { get; init; }
    public int WithinDeadline { get; init; }
    public int Paused { get; init; }

    // Dừng, rút; đánh giá trong kỳ.
    public int Withdrawn { get; init; }
    public int NotAccepted { get; init; }
    public int Rated { get; init; }
    public int Satisfied { get; init; }

    /// <summary>Start (included) and end (excluded) instants of the Vietnam dates <paramref name="from"/>–<paramref name="to"/>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Instants(DateOnly from, DateOnly to) =>
        (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset),
            new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset));

    /// <summary>Finished in the range (DOMAIN §2.3): accepted, and its result ready in the range, or stopped in the range without a result.</summary>
    public static bool IsFinished(KpiDossierFact f, DateTimeOffset start, DateTimeOffset end) => f.ReceivedAt is not null
        && (f.ResultReadyAt >= start && f.ResultReadyAt < end
            || (f.ResultReadyAt is null && f.ClosedAt >= start && f.ClosedAt < end && f.Status == DossierStatus.Stopped));

    /// <summary>The counts from <paramref name="facts"/> already filtered by agency, unit and procedure.</summary>
    public static KpiCounts Of(DateOnly from, DateOnly to, IReadOnlyList<KpiDossierFact> facts)
    {
        var (start, end) = Instants(from, to);
        bool In(DateTimeOffset? t) => t is { } v && v >= start && v < end;
        var received = facts.Where(f => In(f.ReceivedAt)).ToList();
        var finished = facts.Where(f => IsFinished(f, start, end)).ToList();
        // DOMAIN §2.3 [C S-TH]: dates compared at day granularity (Vietnam dates): < trước hạn, = đúng hạn, > quá hạn.
        int Compare(KpiDossierFact f) => f.Deadline is { } deadline
            ? KpiCalculator.LocalDate(f.ResultReadyAt ?? f.ClosedAt!.Value).CompareTo(KpiCalculator.LocalDate(deadline))
            : 0;
        // Received before the end, not finished or closed by then.
        var inProgress = facts.Where(f => f.ReceivedAt < end && !(f.ResultReadyAt < end) && !(f.ClosedAt < end)).ToList();
        var rated = facts.Where(f => In(f.RatedAt) && f.Rating is not null).ToList();
        return new KpiCounts
        {
            Received = received.Count,
            Counter = received.Count(f => f.Channel == Channel.Counter),
            Online = received.Count(f => f.Channel == Channel.Online),
            Postal = received.Count(f => f.Channel == Channel.Postal),
            TransfersElectronic = received.Sum(f => (long)f.TransfersElectronic),
            TransfersPaper = received.Sum(f => (long)f.TransfersPaper),
            WithFee = received.Count(f => f.Fee > 0),
            PaidOnline = received.Count(f => f.Fee > 0 && f.PaidOnline),
            Digitised = received.Count(f => f.DigitisedDocuments.Count + f.ReusedDocuments.Count > 0),
            Reused = received.Count(f => f.ReusedDocuments.Count > 0),
            DigitisedDocuments = received.Sum(f => (long)f.DigitisedDocuments.Count),
            ReusedDocuments = received.Sum(f => (long)f.ReusedDocuments.Count),
            ApologyLetters = received.Sum(f => (long)f.ApologyLetters),
            Finished = finished.Count,
            Early = finished.Count(f => Compare(f) < 0),
            OnTime = finished.Count(f => Compare(f) == 0),
            Late = finished.Count(f => Compare(f) > 0),
            WithResult = finished.Count(f => f.ResultReadyAt is not null),
            // DOMAIN §4.1: finished with a result and an electronic result attached by the end of the range.
            ResultsDigitised = finished.Count(f => f.ResultReadyAt is not null && f.ResultDigitisedAt < end),
            InProgress = inProgress.Count,
            // DOMAIN §2.3 [C S-TH]: trong hạn if the deadline date ≥ the report date.
            WithinDeadline = inProgress.Count(f => f.Deadline is not { } d || KpiCalculator.LocalDate(d) >= to),
            Paused = inProgress.Count(f => f.Status is DossierStatus.SupplementRequested or DossierStatus.FinancialObligation),
            Withdrawn = facts.Count(f => In(f.ClosedAt) && f.Status == DossierStatus.Withdrawn),
            NotAccepted = facts.Count(f => In(f.ClosedAt) && f.Status == DossierStatus.NotAccepted),
            Rated = rated.Count,
            Satisfied = rated.Count(f => f.Rating is Satisfaction.VerySatisfied or Satisfaction.Satisfied),
        };
    }

    /// <summary>
    /// The same counts aggregated by PostgreSQL from the projection in one statement, each part reading only its rows
    /// through an index (migration ReadPaths): received (agency, received_at), finished with a result (agency,
    /// result_ready_at) and stopped (agency, closed_at), closed (agency, closed_at), rated (agency, rated_at), the larger
    /// ones from the index alone; in progress at the end from the GiST index on the interval (received_at, first of
    /// result_ready_at and closed_at], which contains the end instant exactly when the dossier was received before the
    /// end and neither finished nor closed before it.
    /// </summary>
    public static Task<KpiCounts> QueryAsync(OneStopDbContext db, DateOnly from, DateOnly to, Guid? agencyId, Guid? unit, string? procedure,
        CancellationToken ct)
    {
        var (start, end) = Instants(from, to);
        var hours = (int)WorkingCalendar.VietnamOffset.TotalHours;
        string Local(string instant) => $"(({instant} AT TIME ZONE 'UTC') + interval '{hours} hours')::date";
        var deadline = "coalesce(original_appointment_at, appointment_at)";
        var sql = $"""
            WITH f AS NOT MATERIALIZED (
                SELECT * FROM kpi_dossier_facts
                WHERE (@agency IS NULL OR agency_id = @agency) AND (@procedure IS NULL OR procedure_code = @procedure)
                  AND (@unit IS NULL OR unit_ids @> ARRAY[@unit]))
            SELECT received.*, in_progress.*, closed.*, rated.*, w.with_result, w.results_digitised,
                   w.with_result + s.stopped AS finished,
                   w.early_with_result + s.early_stopped AS early,
                   w.on_time_with_result + s.on_time_stopped AS on_time,
                   w.with_result - w.early_with_result - w.on_time_with_result + s.stopped - s.early_stopped - s.on_time_stopped AS late
            FROM
                (SELECT count(*)::int AS received,
                        count(*) FILTER (WHERE channel = {(int)Channel.Counter})::int AS counter,
                        count(*) FILTER (WHERE channel = {(int)Channel.Online})::int AS online,
                        count(*) FILTER (WHERE channel = {(int)Channel.Postal})::int AS postal,
                        coalesce(sum(transfers_electronic), 0)::bigint AS transfers_electronic,
                        coalesce(sum(transfers_paper), 0)::bigint AS transfers_paper,
                        count(*) FILTER (WHERE fee > 0)::int AS with_fee,
                        count(*) FILTER (WHERE fee > 0 AND paid_online)::int AS paid_online,
                        count(*) FILTER (WHERE cardinality(digitised_documents) + cardinality(reused_documents) > 0)::int AS digitised,
                        count(*) FILTER (WHERE cardinality(reused_documents) > 0)::int AS reused,
                        coalesce(sum(cardinality(digitised_documents)), 0)::bigint AS digitised_documents,
                        coalesce(sum(cardinality(reused_documents)), 0)::bigint AS reused_documents,
                        coalesce(sum(apology_letters), 0)::bigint AS apology_letters
                 FROM f WHERE received_at >= @start AND received_at < @end) received,
                (SELECT count(*)::int AS with_result,
                        count(*) FILTER (WHERE {deadline} IS NOT NULL AND {Local("result_ready_at")} < {Local(deadline)})::int AS early_with_result,
                        count(*) FILTER (WHERE {deadline} IS NULL OR {Local("result_ready_at")} = {Local(deadline)})::int AS on_time_with_result,
                        count(*) FILTER (WHERE result_digitised_at < @end)::int AS results_digitised
                 FROM f WHERE received_at IS NOT NULL AND result_ready_at >= @start AND result_ready_at < @end) w,
                (SELECT count(*)::int AS stopped,
                        count(*) FILTER (WHERE {deadline} IS NOT NULL AND {Local("closed_at")} < {Local(deadline)})::int AS early_stopped,
                        count(*) FILTER (WHERE {deadline} IS NULL OR {Local("closed_at")} = {Local(deadline)})::int AS on_time_stopped
                 FROM f WHERE received_at IS NOT NULL AND result_ready_at IS NULL AND closed_at >= @start AND closed_at < @end
                   AND status = {(int)DossierStatus.Stopped}) s,
                (SELECT count(*)::int AS in_progress,
                        count(*) FILTER (WHERE {deadline} IS NULL OR {Local(deadline)} >= @to)::int AS within_deadline,
                        count(*) FILTER (WHERE status IN ({(int)DossierStatus.SupplementRequested}, {(int)DossierStatus.FinancialObligation}))::int AS paused
                 FROM f WHERE received_at IS NOT NULL AND {OpenInterval} @> @end) in_progress,
                (SELECT count(*) FILTER (WHERE status = {(int)DossierStatus.Withdrawn})::int AS withdrawn,
                        count(*) FILTER (WHERE status = {(int)DossierStatus.NotAccepted})::int AS not_accepted
                 FROM f WHERE closed_at >= @start AND closed_at < @end) closed,
                (SELECT count(*)::int AS rated,
                        count(*) FILTER (WHERE rating IN ({(int)Satisfaction.VerySatisfied}, {(int)Satisfaction.Satisfied}))::int AS satisfied
                 FROM f WHERE rated_at >= @start AND rated_at < @end AND rating IS NOT NULL) rated
            """;
        return db.Database.SqlQueryRaw<KpiCounts>(sql,
                new NpgsqlParameter("agency", NpgsqlDbType.Uuid) { Value = (object?)agencyId ?? DBNull.Value },
                new NpgsqlParameter("procedure", NpgsqlDbType.Varchar) { Value = (object?)procedure ?? DBNull.Value },
                new NpgsqlParameter("unit", NpgsqlDbType.Uuid) { Value = (object?)unit ?? DBNull.Value },
                new NpgsqlParameter("start", NpgsqlDbType.TimestampTz) { Value = start.UtcDateTime },
                new NpgsqlParameter("end", NpgsqlDbType.TimestampTz) { Value = end.UtcDateTime },
                new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = to })
            .SingleAsync(ct);
    }

    /// <summary>
    /// The interval (received_at, first of result_ready_at and closed_at] of a received dossier (unbounded while neither
    /// happened; empty if one came before the acceptance): the expression of the GiST index of migration ReadPaths,
    /// repeated there verbatim so the planner matches it.
    /// </summary>
    public const string OpenInterval =
        "tstzrange(received_at, greatest(received_at, coalesce(least(result_ready_at, closed_at), 'infinity'::timestamptz)), '(]')";
}
