using System.Diagnostics;
using OneStop.Testing;

namespace OneStop.Web.Tests;

/// <summary>Runs one of the built programs (onestop.dll, OneStop.Web.dll) as an operator would, capturing its output.</summary>
internal static class ProcessRunner
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        string dll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestServices.RepoRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{dll} {string.Join(' ', args)} did not finish within 60 s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The operator's tool with the repository's workflows folder.</summary>
    public static Task<(int Code, string Stdout, string Stderr)> OneStopAsync(params string[] args) =>
        RunAsync("onestop.dll", new Dictionary<string, string> { ["ONESTOP_WORKFLOWS"] = TestServices.WorkflowsPath }, args);
}
