using System.Threading.RateLimiting;

namespace OneStop.Benchmarks.Load;

/// <summary>
/// Drives running OneStop instances over their real HTTP API with <see cref="LoadOptions.Clients"/> concurrent virtual
/// clients (see <see cref="LoadClient"/>) and measures what the server acknowledged and how long each endpoint took.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(LoadOptions o, IProgress<LoadProgress>? p, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(o.BaseUrls.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Clients, 1);
        var metrics = new LoadMetrics();
        var sessions = o.BaseUrls.Select(u => new ApiSession(u, o, metrics)).ToList();
        try
        {
            var (users, procedures) = await PrepareAsync(sessions[0], o, ct);
            using var pace = o.TransitionsPerSecond is { } rate ? Pace(rate) : null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, o.Stop);
            stop.CancelAfter(o.Duration);
            var started = metrics.Elapsed;
            var claimed = 0;
            var clients = Enumerable.Range(0, o.Clients).Select(i => Task.Run(async () =>
            {
                var client = new LoadClient(i, sessions[i % sessions.Count], o, metrics, users, procedures, pace);
                // With MaxDossiers a client claims a dossier before it starts one and finishes it even past the count.
                while (!stop.IsCancellationRequested && (o.MaxDossiers is not { } max || Interlocked.Increment(ref claimed) <= max))
                {
                    try
                    {
                        if (!await client.RunDossierAsync(stop.Token))
                        {
                            metrics.Abandoned();
                        }
                    }
                    catch (LoadFaultException)
                    {
                        metrics.Abandoned();
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }, CancellationToken.None)).ToList();
            var all = Task.WhenAll(clients);
            var lastCount = 0;
            var lastAt = started;
            while (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)) != all)
            {
                var count = metrics.TransitionCount;
                var now = metrics.Elapsed;
                p?.Report(metrics.Progress((count - lastCount) / Math.Max((now - lastAt).TotalSeconds, 1e-9)));
                (lastCount, lastAt) = (count, now);
            }
            await all;
            ct.ThrowIfCancellationRequested();
            return metrics.Result(metrics.Elapsed - started);
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    /// <summary>A token bucket refilled every 50 ms: actions wait for their turn, so the rate is steady, not bursty.</summary>
    private static TokenBucketRateLimiter Pace(double perSecond)
    {
        var perTick = Math.Max(1, (int)Math.Round(perSecond / 20));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTick,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>The demo officers by full name (steps name their holder) and the procedures' mandatory documents.</summary>
    private static async Task<(IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, ProcedureInfo>)> PrepareAsync(
        ApiSession api, LoadOptions o, CancellationToken ct)
    {
        var users = new Dictionary<string, string>();
        foreach (var user in new[] { LoadClient.Desk, "chuyenvien", "chuyenvien2", "lanhdao", "truongphong" })
        {
            var me = await api.GetAsync("GET /api/me", user, "/api/me", ct);
            if (!me.Ok)
            {
                throw new InvalidOperationException($"GET /api/me của {user} trên {api}: {me.Status} {me.Body}");
            }
            users[me.Body.GetProperty("fullName").GetString()!] = user;
        }
        var procedures = new Dictionary<string, ProcedureInfo>();
        foreach (var code in o.Procedures.Distinct())
        {
            var reply = await api.GetAsync("GET /api/procedures/{code}", null, $"/api/procedures/{Uri.EscapeDataString(code)}", ct);
            if (!reply.Ok)
            {
                throw new InvalidOperationException($"Không có thủ tục {code} trên {api}: {reply.Status}");
            }
            procedures[code] = new ProcedureInfo(reply.Body.GetProperty("code").GetString()!, [.. reply.Body.GetProperty("documents").EnumerateArray()
                .Where(d => d.GetProperty("mandatory").GetBoolean()).Select(d => d.GetProperty("key").GetString()!)]);
        }
        return (users, procedures);
    }
}
