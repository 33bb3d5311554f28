using HdrHistogram;
using Npgsql;

namespace OneStop.Benchmarks.Load;

/// <summary>
/// KPI lag: from an event's instant (outbox_messages.occurred_at, written in the transaction of the action) to the
/// first poll that sees the KPI projection at that event's version (kpi_dossier_facts.last_version). Polls every
/// <see cref="Interval"/>, so a figure is late by at most one interval plus the poll's own query time.
/// </summary>
internal sealed class KpiLagProbe(string connection)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public sealed record Result(long Events, long Unresolved, double P50Ms, double P99Ms, double MaxMs, double ResolutionMs);

    private readonly LongHistogram _lag = new(1, 3_600_000, 3);
    private readonly Dictionary<(Guid Dossier, long Version), DateTimeOffset> _pending = [];
    private readonly HashSet<(Guid, long)> _seen = [];
    private int _polls;

    /// <summary>Polls until <paramref name="stop"/> is cancelled, then up to <paramref name="drain"/> more for the last events.</summary>
    public async Task<Result> RunAsync(CancellationToken stop, TimeSpan drain, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        var since = TimeProvider.System.GetUtcNow();
        DateTimeOffset? drainUntil = null;
        while (!ct.IsCancellationRequested)
        {
            if (stop.IsCancellationRequested)
            {
                drainUntil ??= TimeProvider.System.GetUtcNow() + drain;
                if (_pending.Count == 0 || TimeProvider.System.GetUtcNow() > drainUntil)
                {
                    break;
                }
            }
            since = await ReadEventsAsync(db, since, ct);
            await ResolveAsync(db, ct);
            await Task.Delay(Interval, ct);
        }
        return new Result(_lag.TotalCount + _pending.Count, _pending.Count, _lag.GetValueAtPercentile(50), _lag.GetValueAtPercentile(99),
            _lag.GetMaxValue(), Interval.TotalMilliseconds);
    }

    private async Task<DateTimeOffset> ReadEventsAsync(NpgsqlConnection db, DateTimeOffset since, CancellationToken ct)
    {
        // Outbox ids are UUIDv7 made from the event's instant (DossierJournal.Publish): the lower bound on the id is a
        // range scan of the primary key. occurred_at has no index, and a scan of the whole outbox every 100 ms made this
        // probe PostgreSQL's biggest consumer under load (113 ms a poll at 110 k rows).
        await using var cmd = new NpgsqlCommand(
            """
            SELECT dossier_id, (payload->>'version')::bigint, occurred_at FROM outbox_messages
            WHERE id >= (lpad(to_hex(floor(extract(epoch FROM @since) * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid
              AND occurred_at >= @since
            """, db);
        cmd.Parameters.AddWithValue("since", since);
        var latest = since;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var key = (r.GetGuid(0), r.GetInt64(1));
            var at = r.GetFieldValue<DateTimeOffset>(2);
            if (_seen.Add(key))
            {
                _pending[key] = at;
            }
            latest = at > latest ? at : latest;
        }
        // Events commit out of order by up to a transaction's length: each poll looks half a second back, every tenth
        // one five seconds (reading the last five seconds every time cost PostgreSQL a tenth of a core at 100 transitions/s).
        return latest - TimeSpan.FromMilliseconds(++_polls % 10 == 0 ? 5000 : 500);
    }

    private async Task ResolveAsync(NpgsqlConnection db, CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand("SELECT dossier_id, last_version FROM kpi_dossier_facts WHERE dossier_id = ANY(@ids)", db);
        cmd.Parameters.AddWithValue("ids", _pending.Keys.Select(k => k.Dossier).Distinct().ToArray());
        var projected = new Dictionary<Guid, long>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                projected[r.GetGuid(0)] = r.GetInt64(1);
            }
        }
        var now = TimeProvider.System.GetUtcNow();
        foreach (var (key, at) in _pending.Where(p => projected.GetValueOrDefault(p.Key.Dossier) >= p.Key.Version).ToList())
        {
            _lag.RecordValue(Math.Max(1, (long)(now - at).TotalMilliseconds));
            _pending.Remove(key);
        }
    }
}
