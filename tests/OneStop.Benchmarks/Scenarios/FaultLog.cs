namespace OneStop.Benchmarks.Scenarios;

/// <summary>
/// The faults a scenario injected, each with the window during which the app may legitimately fail requests: from
/// the fault until the app answers again (plus a short grace for connections cut by it). Outside every window the app
/// is healthy and a 5xx is a defect. A broker outage opens no window: the web role never needs the broker.
/// </summary>
internal sealed class FaultLog(Action<string> log)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);
    private readonly List<(string Kind, DateTimeOffset From, DateTimeOffset To, bool Disturbs)> _faults = [];

    public int Count => _faults.Count;

    public int CountOf(string kind) => _faults.Count(f => f.Kind == kind);

    /// <summary>Runs <paramref name="fault"/> (which returns once the app is back) and records its window.</summary>
    public async Task InjectAsync(string kind, bool disturbsRequests, Func<Task> fault)
    {
        var from = TimeProvider.System.GetUtcNow();
        log($"fault: {kind} …");
        await fault();
        var to = TimeProvider.System.GetUtcNow();
        log($"fault: {kind} done after {(to - from).TotalSeconds:0.0} s");
        _faults.Add((kind, from, to, disturbsRequests));
    }

    /// <summary>When the (first) fault of this kind began and ended.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(string kind) => _faults.Where(f => f.Kind == kind).Select(f => (f.From, f.To)).First();

    public bool Healthy(DateTimeOffset at) => !_faults.Any(f => f.Disturbs && at >= f.From && at <= f.To + Grace);
}
