using System.Diagnostics;
using System.Text;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>Runs a program to completion (deploy scripts, the migrator, the operator's CLI), capturing what it prints.</summary>
internal static class Shell
{
    public sealed record Result(int Code, string Output)
    {
        public Result OrThrow(string what) =>
            Code == 0 ? this : throw new ScenarioException($"{what} failed (exit {Code}):\n{Tail(Output)}");
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env,
        TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start) ?? throw new ScenarioException($"cannot start {file}");
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new Result(-1, $"{output}\n(timed out after {timeout.TotalSeconds:0} s)");
        }
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }

    public static string Tail(string text, int lines = 30) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}

/// <summary>The scenario cannot go on (a service did not start, a step failed): reported and the run fails.</summary>
internal sealed class ScenarioException(string message) : Exception(message);
