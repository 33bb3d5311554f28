using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using OneStop.Benchmarks.Load;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>The figures of a run and the rules they must satisfy; the run passes only if every rule holds.</summary>
internal sealed class Verdict
{
    private readonly List<(string Name, string Value, bool Ok)> _lines = [];

    public bool Ok => _lines.All(l => l.Ok);

    public void Figure(string name, object value) => _lines.Add((name, Format(value), true));

    public void Rule(string name, object value, bool ok) => _lines.Add((name, Format(value), ok));

    /// <summary>A count that must be zero (lost, duplicated, skipped, …).</summary>
    public void Zero(string name, long value) => Rule(name, value, value == 0);

    private static string Format(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    public string Table(string title)
    {
        var width = Math.Max(20, _lines.Max(l => l.Name.Length));
        var text = new StringBuilder().AppendLine(title).AppendLine(new string('-', width + 22));
        foreach (var (name, value, ok) in _lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name.PadRight(width)}  {value,12}  {(ok ? "ok" : "FAIL")}").AppendLine();
        }
        return text.AppendLine(new string('-', width + 22)).Append(Ok ? "RESULT: PASS" : "RESULT: FAIL").AppendLine().ToString();
    }
}

/// <summary>
/// What must hold after any fault, once the system has caught up: nothing acknowledged is lost, every outbox row is
/// published and handled exactly once by the KPI projector, the projection agrees with the source tables
/// (<c>onestop kpi verify</c>), and dossier codes and register numbers are unique and gapless.
/// </summary>
internal sealed class Consistency(ScenarioServices services, Action<string> log)
{
    private const string Projector = "kpi-projector";

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await services.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Unpublished outbox rows plus dossiers whose projection is behind: zero once everything has flowed through.</summary>
    private Task<long> BacklogAsync() => CountAsync("""
        SELECT (SELECT count(*) FROM outbox_messages WHERE published_at IS NULL)
             + (SELECT count(*) FROM dossiers d LEFT JOIN kpi_dossier_facts f ON f.dossier_id = d.id
                WHERE f.last_version IS DISTINCT FROM d.event_version)
             + (SELECT count(*) FROM kpi_pending_events)
        """);

    /// <summary>Waits (bounded) for the relay and the consumers to catch up, with no manual step; returns how long it took.</summary>
    private async Task<TimeSpan?> WaitUntilCaughtUpAsync(TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        long backlog = -1;
        while (watch.Elapsed < within)
        {
            try
            {
                if ((backlog = await BacklogAsync()) == 0)
                {
                    log($"caught up after {watch.Elapsed.TotalSeconds:0.0} s");
                    return watch.Elapsed;
                }
            }
            catch (NpgsqlException e)
            {
                log("backlog query failed: " + e.Message);
            }
            await Task.Delay(1000);
        }
        log($"not caught up within {within.TotalSeconds:0} s (backlog {backlog})");
        return null;
    }

    /// <summary>Once the relay and the consumers have caught up (waiting at most <paramref name="within"/>), checks every rule.</summary>
    public async Task CheckAsync(Verdict v, TimeSpan within, IReadOnlyCollection<AcknowledgedDossier> dossiers, IReadOnlyCollection<AcknowledgedTransition> transitions)
    {
        var caughtUp = await WaitUntilCaughtUpAsync(within);
        v.Rule("seconds to catch up afterwards", caughtUp is { } c ? Math.Round(c.TotalSeconds) : "never", caughtUp is not null);
        await using var connection = await services.OpenAsync();

        // 1. Nothing acknowledged is lost: each registration is there with its code, each action has its audit row
        //    (the API's action name and the status it answered; the return is audited as ResultReturned).
        var stored = new Dictionary<Guid, string?>();
        await using (var read = new NpgsqlCommand("SELECT id, code FROM dossiers", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }
        var audited = new Dictionary<(Guid, string, int), long>();
        await using (var read = new NpgsqlCommand("SELECT dossier_id, action, to_status, count(*) FROM audit_entries GROUP BY 1, 2, 3", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                audited[(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2))] = reader.GetInt64(3);
            }
        }
        v.Figure("dossiers in the database", stored.Count);
        v.Zero("acknowledged dossiers lost", dossiers.Count(d => !stored.TryGetValue(d.Id, out var code) || code != d.Code));
        v.Zero("acknowledged transitions lost", transitions
            .GroupBy(t => (t.DossierId, t.Action == "return" ? "ResultReturned" : t.Action, (int)t.Status))
            .Sum(g => Math.Max(0, g.Count() - audited.GetValueOrDefault(g.Key))));

        // 2. Every event published, each dossier's events numbered 1..n without gaps or repeats.
        v.Figure("events (outbox rows)", await CountAsync("SELECT count(*) FROM outbox_messages"));
        v.Zero("events not published", await CountAsync("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL"));
        v.Zero("dossiers whose events are not 1..n", await CountAsync("""
            SELECT count(*) FROM dossiers d
            LEFT JOIN (SELECT dossier_id, count(*) AS n, count(DISTINCT (payload->>'version')::bigint) AS distinct_versions,
                              max((payload->>'version')::bigint) AS last
                       FROM outbox_messages GROUP BY dossier_id) o ON o.dossier_id = d.id
            WHERE coalesce(o.n, 0) <> d.event_version OR coalesce(o.distinct_versions, 0) <> d.event_version OR coalesce(o.last, 0) <> d.event_version
            """));

        // 3. Each event handled exactly once by the KPI projector.
        v.Zero("events never handled", await CountAsync($"""
            SELECT count(*) FROM outbox_messages o
            WHERE NOT EXISTS (SELECT 1 FROM inbox_messages i WHERE i.consumer = '{Projector}' AND i.message_id = o.id)
            """));
        v.Zero("handled messages that are no event", await CountAsync($"""
            SELECT count(*) FROM inbox_messages i
            WHERE i.consumer = '{Projector}' AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.id = i.message_id)
            """));
        v.Zero("projections behind or ahead", await CountAsync("""
            SELECT (SELECT count(*) FROM dossiers d LEFT JOIN kpi_dossier_facts f ON f.dossier_id = d.id
                    WHERE f.last_version IS DISTINCT FROM d.event_version)
                 + (SELECT count(*) FROM kpi_dossier_facts f WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.id = f.dossier_id))
                 + (SELECT count(*) FROM kpi_pending_events)
            """));
        v.Zero("step completions counted twice or missed", await CountAsync("""
            SELECT count(*) FROM (
                SELECT dossier_id, (payload->>'version')::bigint AS version FROM outbox_messages WHERE type = 'StepCompleted'
                EXCEPT SELECT dossier_id, version FROM kpi_step_completions) missing
            """) + await CountAsync("""
            SELECT count(*) FROM (
                SELECT dossier_id, version FROM kpi_step_completions
                EXCEPT SELECT dossier_id, (payload->>'version')::bigint FROM outbox_messages WHERE type = 'StepCompleted') extra
            """));

        // 4. Codes and register numbers: unique, and 1..counter without a hole for each agency and day (year).
        var codes = await CountAsync("SELECT count(*) FROM dossiers WHERE code IS NOT NULL");
        v.Figure("dossier codes", codes);
        v.Zero("duplicated dossier codes", codes - await CountAsync("SELECT count(DISTINCT code) FROM dossiers WHERE code IS NOT NULL"));
        v.Zero("days whose codes skip a number", await CountAsync("""
            WITH coded AS (
                SELECT agency_id, 'D' || m[1] AS scope, m[2]::int AS n
                FROM dossiers, regexp_match(code, '-(\d{6})-(\d+)$') AS m WHERE code IS NOT NULL),
            days AS (SELECT agency_id, scope, count(*) AS n, count(DISTINCT n) AS distinct_n, max(n) AS last FROM coded GROUP BY 1, 2)
            SELECT count(*) FROM days FULL JOIN (SELECT * FROM counters WHERE scope ~ '^D\d{6}$') c USING (agency_id, scope)
            WHERE days.n IS DISTINCT FROM c.value OR days.distinct_n IS DISTINCT FROM c.value OR days.last IS DISTINCT FROM c.value
            """));
        v.Zero("years whose register skips a number", await CountAsync("""
            WITH years AS (
                SELECT agency_id, 'R' || register_year AS scope, count(*) AS n, count(DISTINCT register_number) AS distinct_n, max(register_number) AS last
                FROM dossiers WHERE register_number IS NOT NULL GROUP BY 1, 2)
            SELECT count(*) FROM years FULL JOIN (SELECT * FROM counters WHERE scope ~ '^R\d{4}$') c USING (agency_id, scope)
            WHERE years.n IS DISTINCT FROM c.value OR years.distinct_n IS DISTINCT FROM c.value OR years.last IS DISTINCT FROM c.value
            """));

        // 5. Nothing left on the broker: the projector's queue drained, no poison message in an error queue.
        var queues = await services.QueuesAsync();
        v.Zero("messages left in queues", queues.Where(q => !q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Messages));
        v.Zero("messages in error queues", queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Messages));

        // 6. The operator's check: the projection agrees with a recomputation from the source tables.
        var verify = await services.Cli("kpi", "verify");
        log("onestop kpi verify: exit " + verify.Code + "\n" + Shell.Tail(verify.Output.TrimEnd(), 15));
        v.Rule("onestop kpi verify exit code", verify.Code, verify.Code == 0);
    }
}
