using OneStop.Benchmarks.Load;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>
/// Issue #7 "Faults" (and #5's broker stop): under load from the benchmark's generator, the app is killed with SIGKILL
/// and restarted <see cref="Kills"/> times, RabbitMQ is stopped for <see cref="Outage"/>, PostgreSQL is restarted.
/// Then, with no manual step, the system must catch up on its own and <see cref="Consistency"/> must hold.
/// </summary>
internal sealed record FaultsScenario(ScenarioSettings Settings, int Clients, int Seed, int Kills, TimeSpan Outage, TimeSpan Gap)
{
    private const string BrokerOutage = "RabbitMQ stopped";

    /// <summary>
    /// The relay's back-off cap: after the outage a row that failed many times waits at most this long before its next
    /// try (default 5 min, longer than this scenario's budget; an operator shortens it the same way).
    /// </summary>
    private static readonly Dictionary<string, string> AppSettings = new() { ["OneStop__Worker__MaxBackoff"] = "00:00:10" };

    public Task<int> RunAsync(TextWriter output, CancellationToken ct) =>
        Scenario.RunAsync("faults", Settings, output, $"Faults scenario: {Kills} × SIGKILL, RabbitMQ down {Outage.TotalSeconds:0} s, PostgreSQL restart; {Clients} clients, seed {Seed}", async (services, verdict, log) =>
        {
            var faults = new FaultLog(log);
            await using var app = new AppProcess("app", "all", Settings, AppSettings, log);
            await app.StartAsync(ct);

            // The load runs until the last fault is over and the app has had a healthy stretch after it.
            using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var loadStarted = TimeProvider.System.GetUtcNow();
            var load = LoadGenerator.RunAsync(new LoadOptions([new Uri(app.Url)], Clients, TimeSpan.FromHours(1), Seed, TolerateFaults: true)
            {
                Password = ScenarioSettings.DemoPassword, Stop = stopLoad.Token,
            }, null, ct);
            await Task.Delay(Gap, ct);
            for (var i = 1; i <= Kills; i++)
            {
                await faults.InjectAsync("app SIGKILL + restart", disturbsRequests: true, () => app.RestartAsync(ct));
                await Task.Delay(Gap, ct);
            }
            await faults.InjectAsync(BrokerOutage, disturbsRequests: false, async () =>
            {
                await services.StopBrokerAsync();
                await Task.Delay(Outage, ct);
                await services.StartBrokerAsync();
            });
            await Task.Delay(Gap, ct);
            await faults.InjectAsync("PostgreSQL restart", disturbsRequests: true, async () =>
            {
                await services.RestartPostgresAsync();
                await app.WaitReadyAsync(ct);
            });
            await Task.Delay(Gap, ct);
            await stopLoad.CancelAsync();
            var result = await load;
            log($"load: {result.Counts.Requests} requests, {result.Counts.Success} answered 2xx, {result.Counts.ServerErrors} 5xx, {result.Counts.NetworkErrors} network errors, {result.Counts.Retries} retries");

            var consistency = new Consistency(services, log);
            verdict.Figure("requests sent (retries included)", result.Counts.Requests);
            verdict.Figure("requests answered 2xx", result.Counts.Success);
            verdict.Figure("network errors (app down)", result.Counts.NetworkErrors);
            verdict.Figure("acknowledged registrations", result.Dossiers.Count);
            verdict.Figure("acknowledged transitions", result.Transitions.Count);
            verdict.Figure("dossiers returned to the citizen", result.CompletedDossiers);
            verdict.Figure("faults injected", faults.Count);
            verdict.Figure("  app SIGKILLs", faults.CountOf("app SIGKILL + restart"));
            verdict.Figure("5xx during faults", result.ServerErrorTimes.Count(t => !faults.Healthy(t)));
            verdict.Zero("5xx while healthy", result.ServerErrorTimes.Count(faults.Healthy));
            // The desk keeps working while the broker is down: its events wait in the outbox.
            var (down, up) = faults.Window(BrokerOutage);
            var whileDown = result.TransitionsEachSecond.Skip((int)(down - loadStarted).TotalSeconds).Take((int)(up - down).TotalSeconds).Sum();
            verdict.Rule("transitions acknowledged while RabbitMQ was down", whileDown, whileDown > 0);
            await consistency.CheckAsync(verdict, TimeSpan.FromMinutes(2), result.Dossiers, result.Transitions);
        }, ct);
}
