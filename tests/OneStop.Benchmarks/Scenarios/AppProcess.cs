using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>
/// One OneStop.Web process on loopback (role all, web or worker), started as an operator would (deploy/run.sh's
/// environment), ready once <c>/health/ready</c> answers 200. <see cref="Kill"/> is SIGKILL: no shutdown hooks run.
/// Its output is appended to <c>logs/&lt;name&gt;.log</c> across restarts.
/// </summary>
internal sealed class AppProcess(string name, string role, ScenarioSettings settings, IReadOnlyDictionary<string, string> extra,
    Action<string> log) : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly int _port = FreePort();
    private readonly Lock _gate = new();
    private Process? _process;
    private StreamWriter? _log;

    public string Name => name;
    public string Url => $"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}";
    public int Restarts { get; private set; }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = ScenarioSettings.BinDir,
        };
        start.ArgumentList.Add(Path.Combine(ScenarioSettings.BinDir, "OneStop.Web.dll"));
        foreach (var (k, v) in settings.AppEnvironment().Concat(extra))
        {
            start.Environment[k] = v;
        }
        start.Environment["ASPNETCORE_URLS"] = Url;
        start.Environment["OneStop__Role"] = role;
        start.Environment["OneStop__PublicBaseUrl"] = Url;
        lock (_gate)
        {
            _log ??= new StreamWriter(Path.Combine(settings.Logs, name + ".log"), append: true) { AutoFlush = true };
        }
        Write($"===== {TimeProvider.System.GetUtcNow():O} starting {name} ({role}) on {Url}");
        var process = Process.Start(start) ?? throw new ScenarioException($"cannot start {name}");
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitReadyAsync(ct);
    }

    /// <summary>Until <c>/health/ready</c> answers 200 (the database is reachable), at most 2 minutes.</summary>
    public async Task WaitReadyAsync(CancellationToken ct)
    {
        var process = _process ?? throw new ScenarioException($"{name} is not started");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new ScenarioException($"{name} exited during start-up (exit {process.ExitCode}); see {settings.Logs}/{name}.log");
            }
            try
            {
                using var response = await Http.GetAsync(Url + "/health/ready", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    log($"{name}: ready on {Url} ({role}, pid {process.Id}) after {watch.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(250, ct);
        }
        throw new ScenarioException($"{name} did not report ready at {Url}/health/ready within 2 minutes");
    }

    /// <summary>SIGKILL: the process dies mid-request, mid-transaction, mid-publish.</summary>
    public void Kill(string what = "killed (SIGKILL)")
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            log($"{name}: {what}, pid {p.Id}");
        }
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        Kill();
        Restarts++;
        await StartAsync(ct);
    }

    private void Write(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _log?.WriteLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill("stopped");
        _process?.Dispose();
        StreamWriter? writer;
        lock (_gate)
        {
            (writer, _log) = (_log, null);
        }
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
    }
}
