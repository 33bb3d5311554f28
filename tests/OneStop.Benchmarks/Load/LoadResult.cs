namespace OneStop.Benchmarks.Load;

/// <summary>A dossier the server registered (2xx).</summary>
public sealed record AcknowledgedDossier(Guid Id, string Code, string Procedure, DateTimeOffset At);

/// <summary>A transition the server acknowledged (2xx): the action and the dossier's status and version after it.</summary>
public sealed record AcknowledgedTransition(Guid DossierId, string Action, DossierStatus Status, uint Version, DateTimeOffset At);

/// <summary>Latency of one endpoint in milliseconds.</summary>
public sealed record LatencySummary(string Endpoint, long Count, double P50, double P95, double P99, double Max);

/// <summary>Every answer (or its absence) by kind. Retries are requests too.</summary>
public sealed record LoadCounts(long Requests, long Success, IReadOnlyDictionary<int, long> ClientErrors, long ServerErrors,
    long NetworkErrors, long Retries, long AbandonedDossiers);

public sealed record LoadResult(
    TimeSpan Elapsed,
    IReadOnlyList<AcknowledgedDossier> Dossiers,
    IReadOnlyList<AcknowledgedTransition> Transitions,
    int CompletedDossiers,
    int Ratings,
    LoadCounts Counts,
    IReadOnlyList<LatencySummary> Latency,
    /// <summary>Acknowledged transitions in each second of the run (to judge "sustained").</summary>
    IReadOnlyList<int> TransitionsEachSecond)
{
    /// <summary>The endpoint under which all workflow actions (and the return) are also recorded.</summary>
    public const string TransitionEndpoint = "POST /api/dossiers/{id}/actions/* (mọi thao tác)";

    /// <summary>When each 5xx was answered: a fault scenario tells those during a fault from those while healthy.</summary>
    public IReadOnlyList<DateTimeOffset> ServerErrorTimes { get; init; } = [];

    public double DossiersPerSecond => Dossiers.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double TransitionsPerSecond => Transitions.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public LatencySummary? LatencyOf(string endpoint) => Latency.FirstOrDefault(l => l.Endpoint == endpoint);
}

/// <summary>Running totals, reported about once a second.</summary>
public sealed record LoadProgress(TimeSpan Elapsed, int Dossiers, int Completed, int Transitions, long Requests, long Errors,
    double RecentTransitionsPerSecond);
