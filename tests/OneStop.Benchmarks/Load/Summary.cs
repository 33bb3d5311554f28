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

    /// <summary>
    /// Median rate over 5-second windows after the first 10 % of the run (warm-up), without the last, partial
    /// second: what the server keeps up, unmoved by a single slow or fast second.
    /// </summary>
    public static double Sustained(IReadOnlyList<int> perSecond)
    {
        const int Window = 5;
        var steady = perSecond.Skip(Math.Max(1, perSecond.Count / 10)).SkipLast(1).ToList();
        var windows = Enumerable.Range(0, Math.Max(0, steady.Count - Window + 1))
            .Select(i => steady.Skip(i).Take(Window).Sum() / (double)Window).Order().ToList();
        return windows.Count == 0 ? steady.DefaultIfEmpty().Average() : windows[windows.Count / 2];
    }
}
