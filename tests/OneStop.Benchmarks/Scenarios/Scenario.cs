using System.Diagnostics;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>
/// The frame of every scenario: fresh services and database, the scenario's own steps, the services stopped whatever
/// happened, the table of figures and rules printed; exit 0 only when every rule held.
/// </summary>
internal static class Scenario
{
    public static async Task<int> RunAsync(string name, ScenarioSettings settings, TextWriter output, string title,
        Func<ScenarioServices, Verdict, Action<string>, Task> steps, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        void Log(string line) => output.WriteLine($"[{name} {watch.Elapsed.TotalSeconds,6:0.0}s] {line}");
        var services = new ScenarioServices(settings, Log);
        var verdict = new Verdict();
        try
        {
            await services.FreshAsync();
            await services.PrepareDatabaseAsync();
            await steps(services, verdict, Log);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log("ERROR: " + e);
            verdict.Rule("scenario ran to the end", "no", false);
        }
        finally
        {
            await services.DownAsync();
        }
        output.WriteLine(verdict.Table($"{title}; {watch.Elapsed.TotalSeconds:0} s"));
        return verdict.Ok ? 0 : 1;
    }
}
