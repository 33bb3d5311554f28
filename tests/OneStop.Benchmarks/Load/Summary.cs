using System.Text.Json;

namespace OneStop.Benchmarks.Load;

/// <summary>The figures of a load run without the acknowledgement lists (what deploy/bench.sh keeps).</summary>
internal sealed record Summary(double Seconds, int Clients, double? PacedAt, int Dossiers, int Transitions, int Completed, int Ratings,
    double DossiersPerSecond, double TransitionsPerSecond, double SustainedTransitionsPerSecond, LoadCounts Counts, IReadOnlyList<LatencySummary> Latency,
    KpiLagProbe.Result KpiLag)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Summary Of(LoadResult r, LoadOptions o, KpiLagProbe.Result lag) => new(r.Elapsed.TotalSeconds, o.Clients, o.TransitionsPerSecond,
        r.Dossiers.Count, r.Transitions.Count, r.CompletedDossiers, r.Ratings, r.DossiersPerSecond, r.TransitionsPerSecond,
        Sustained(r.TransitionsEachSecond), r.Counts, r.Latency, lag);

    /// <summary>Median of the per-second rates after the first 10 % of the run (warm-up) — what the server keeps up.</summary>
    public static double Sustained(IReadOnlyList<int> perSecond)
    {
        var warmUp = Math.Max(1, perSecond.Count / 10);
        // The last second is partial.
        var steady = perSecond.Skip(warmUp).SkipLast(1).Order().ToList();
        return steady.Count == 0 ? 0 : steady[steady.Count / 2];
    }
}
