using System.Diagnostics;
using OneStop.Testing;

namespace OneStop.Web.Tests.Operations;

/// <summary>
/// The fault scenario (issue #7; #5's broker stop) and the multi-instance scenario (issue #8), run as the operator runs
/// them: the built <c>onestop-bench faults|multi</c>. Each brings up its own PostgreSQL and RabbitMQ on ports and node
/// names of its own, so stopping that broker never disturbs the services the other test assemblies share. The
/// scenario checks everything itself (nothing acknowledged lost, nothing handled twice, codes gapless, kpi verify) and
/// exits 0 only when every rule held; its figures go to the test's output.
/// </summary>
[Category("Scenarios")]
public sealed class FaultScenarioTests
{
    private static string Bench
    {
        get
        {
            // .../tests/OneStop.Web.Tests/bin/<Configuration>/net10.0/ → the same configuration of the benchmarks console.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(TestServices.RepoRoot, "tests", "OneStop.Benchmarks", "bin", framework.Parent!.Name, framework.Name, "onestop-bench.dll");
        }
    }

    private static async Task RunAsync(string scenario, int pgPort, int amqpPort, TimeSpan limit, params string[] args)
    {
        Assert.That(File.Exists(Bench), Is.True, $"{Bench} is missing: build OneStop.sln");
        var servicesBase = Path.Combine(Path.GetTempPath(), $"onestop-scenario-{scenario}");
        var node = $"onestop-{scenario}@localhost";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestServices.RepoRoot,
        };
        foreach (var a in new[] { Bench, scenario, "--services-base", servicesBase, "--pg-port", $"{pgPort}", "--amqp-port", $"{amqpPort}", "--node", node }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => TestContext.Progress.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => TestContext.Progress.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = new CancellationTokenSource(limit);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"onestop-bench {scenario} did not finish within {limit.TotalMinutes:0} minutes");
        }
        finally
        {
            // The scenario stops its services itself; this is the safety net for a scenario that was killed.
            var down = new ProcessStartInfo("bash", [Path.Combine(TestServices.RepoRoot, "deploy", "services.sh"), "down"]) { RedirectStandardOutput = true };
            down.Environment["SERVICES_BASE"] = servicesBase;
            down.Environment["PG_PORT"] = $"{pgPort}";
            down.Environment["AMQP_PORT"] = $"{amqpPort}";
            down.Environment["RMQ_NODENAME"] = node;
            down.Environment.Remove("RMQ_DIST_PORT");
            using var stop = Process.Start(down)!;
            await stop.StandardOutput.ReadToEndAsync();
            await stop.WaitForExitAsync();
        }
        TestContext.Progress.WriteLine($"onestop-bench {scenario}: exit {process.ExitCode} after {watch.Elapsed.TotalSeconds:0} s");
        Assert.That(process.ExitCode, Is.Zero, $"onestop-bench {scenario} found a rule broken: see the table in the test output");
    }

    [Test]
    public Task Under_load_three_kills_a_broker_outage_and_a_database_restart_lose_nothing_and_count_nothing_twice() =>
        RunAsync("faults", 55435, 5675, TimeSpan.FromMinutes(12), "--outage", "60", "--kills", "3", "--gap", "5", "--clients", "6");

    [Test]
    public Task Two_web_and_two_worker_processes_with_one_worker_killed_keep_kpis_codes_and_notices_exact() =>
        RunAsync("multi", 55436, 5676, TimeSpan.FromMinutes(10), "--duration", "40", "--clients", "6");
}
