using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace OneStop.Benchmarks.Load;

/// <summary>Thread-safe counters, latency histograms (HdrHistogram, microseconds) and acknowledgements of one run.</summary>
internal sealed class LoadMetrics
{
    private const long MaxMicros = 120_000_000;
    private readonly ConcurrentDictionary<string, LongConcurrentHistogram> _latency = new();
    private readonly ConcurrentDictionary<int, long> _clientErrors = new();
    private readonly ConcurrentQueue<AcknowledgedDossier> _dossiers = new();
    private readonly ConcurrentQueue<AcknowledgedTransition> _transitions = new();
    private readonly ConcurrentDictionary<long, int> _perSecond = new();
    private readonly ConcurrentQueue<DateTimeOffset> _serverErrorTimes = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _startedAt = TimeProvider.System.GetUtcNow();
    private long _requests, _success, _serverErrors, _networkErrors, _retries, _abandoned;
    private int _dossierCount, _transitionCount, _completed, _ratings;

    public TimeSpan Elapsed => _clock.Elapsed;

    public DateTimeOffset Now => _startedAt + _clock.Elapsed;

    public int DossierCount => Volatile.Read(ref _dossierCount);

    public void Latency(string endpoint, TimeSpan elapsed) =>
        _latency.GetOrAdd(endpoint, _ => new LongConcurrentHistogram(1, MaxMicros, 3))
            .RecordValue(Math.Clamp((long)(elapsed.Ticks / 10), 1, MaxMicros));

    public void Answer(int status)
    {
        Interlocked.Increment(ref _requests);
        if (status is >= 200 and < 300)
        {
            Interlocked.Increment(ref _success);
        }
        else if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
            _serverErrorTimes.Enqueue(Now);
        }
        else
        {
            _clientErrors.AddOrUpdate(status, 1, (_, n) => n + 1);
        }
    }

    public void NetworkError()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _networkErrors);
    }

    public void Retry() => Interlocked.Increment(ref _retries);

    public void Abandoned() => Interlocked.Increment(ref _abandoned);

    public void Registered(AcknowledgedDossier dossier)
    {
        _dossiers.Enqueue(dossier);
        Interlocked.Increment(ref _dossierCount);
    }

    public void Transition(AcknowledgedTransition transition)
    {
        _transitions.Enqueue(transition);
        Interlocked.Increment(ref _transitionCount);
        _perSecond.AddOrUpdate((long)_clock.Elapsed.TotalSeconds, 1, (_, n) => n + 1);
    }

    public void Completed() => Interlocked.Increment(ref _completed);

    public void Rated() => Interlocked.Increment(ref _ratings);

    public LoadProgress Progress(double recentPerSecond) => new(Elapsed, DossierCount, Volatile.Read(ref _completed),
        Volatile.Read(ref _transitionCount), Interlocked.Read(ref _requests),
        Interlocked.Read(ref _serverErrors) + Interlocked.Read(ref _networkErrors) + _clientErrors.Values.Sum(), recentPerSecond);

    public int TransitionCount => Volatile.Read(ref _transitionCount);

    public LoadResult Result(TimeSpan elapsed)
    {
        var seconds = (int)Math.Ceiling(elapsed.TotalSeconds);
        var latency = _latency.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Summary(kv.Key, kv.Value)).ToList();
        var transitions = _latency.Where(kv => kv.Key.StartsWith(LoadClient.ActionPrefix, StringComparison.Ordinal)).ToList();
        if (transitions.Count > 0)
        {
            var all = new LongHistogram(1, MaxMicros, 3);
            foreach (var (_, h) in transitions)
            {
                all.Add(h);
            }
            latency.Insert(0, Summary(LoadResult.TransitionEndpoint, all));
        }
        return new LoadResult(elapsed, [.. _dossiers], [.. _transitions], Volatile.Read(ref _completed), Volatile.Read(ref _ratings),
            new LoadCounts(Interlocked.Read(ref _requests), Interlocked.Read(ref _success),
                new SortedDictionary<int, long>(_clientErrors), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _networkErrors),
                Interlocked.Read(ref _retries), Interlocked.Read(ref _abandoned)),
            latency,
            [.. Enumerable.Range(0, seconds).Select(s => _perSecond.GetValueOrDefault(s))]) { ServerErrorTimes = [.. _serverErrorTimes] };
    }

    private static LatencySummary Summary(string endpoint, HistogramBase h) => new(endpoint, h.TotalCount,
        h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(95) / 1000.0, h.GetValueAtPercentile(99) / 1000.0, h.GetMaxValue() / 1000.0);
}
