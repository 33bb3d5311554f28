using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using OneStop.Benchmarks.Data;
using OneStop.Benchmarks.Load;
using Spectre.Console;

namespace OneStop.Benchmarks.Pgbench;

/// <summary>
/// <c>onestop-bench pgbench</c>: PostgreSQL's own limit for the SQL of one step transition (transition.sql, on a
/// scratch copy of the tables made by setup.sql), with as many clients as the load run: the denominator of the
/// OneStop / pgbench ratio.
/// </summary>
internal static partial class PgbenchCommand
{
    public sealed record Result(int Clients, int Seconds, double Tps, double LatencyAverageMs, string Command);

    public static Command Create()
    {
        var clients = new Option<int>("--clients") { DefaultValueFactory = _ => 32 };
        var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 30 };
        var json = new Option<FileInfo?>("--json") { Description = "Ghi kết quả (JSON) vào tệp này" };
        var command = new Command("pgbench", "Giới hạn của PostgreSQL: pgbench chạy đúng câu SQL của một lần chuyển bước") { clients, seconds, json, DataCommand.Connection };
        command.SetAction(async (parse, ct) =>
        {
            var result = await RunAsync(parse.GetRequiredValue(DataCommand.Connection), parse.GetValue(clients), parse.GetValue(seconds), ct);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"pgbench: [bold]{result.Tps:F0}[/] lần chuyển bước/s, độ trễ trung bình {result.LatencyAverageMs:F1} ms ({result.Clients} client, {result.Seconds} s)");
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(result, Summary.Json), ct);
            }
            return 0;
        });
        return command;
    }

    public static async Task<Result> RunAsync(string connection, int clients, int seconds, CancellationToken ct)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Pgbench");
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        var demo = await DemoData.LoadAsync(db, ct);
        await using (var setup = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(folder, "setup.sql"), ct), db) { CommandTimeout = 600 })
        {
            await setup.ExecuteNonQueryAsync(ct);
        }
        await using var countCmd = new NpgsqlCommand("SELECT count(*) FROM bench_tx.pool", db);
        var pool = (long)(await countCmd.ExecuteScalarAsync(ct))!;
        var specialist = demo.Officers.First(o => o.UserName == "chuyenvien");
        var target = new NpgsqlConnectionStringBuilder(connection);
        var arguments = new List<string>
        {
            "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture),
            "-D", $"pool={pool}", "-D", $"agency={demo.AgencyId}", "-D", $"unit={specialist.UnitId}", "-D", $"officer={specialist.Id}",
            "-D", $"leaders={demo.UnitByFunction["leadership"]}",
            "-f", Path.Combine(folder, "transition.sql"),
            "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username ?? "postgres", target.Database ?? "onestop",
        };
        var start = new ProcessStartInfo(Executable()) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(start.ArgumentList.Add);
        start.Environment["PGOPTIONS"] = "-c search_path=bench_tx";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var text = await output;
        await using (var drop = new NpgsqlCommand("DROP SCHEMA bench_tx CASCADE", db))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }
        if (process.ExitCode != 0 || Tps().Match(text) is not { Success: true } tps)
        {
            throw new InvalidOperationException($"pgbench thất bại ({process.ExitCode}): {text}\n{await errors}");
        }
        var latency = Latency().Match(text);
        return new Result(clients, seconds, double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            "PGOPTIONS='-c search_path=bench_tx' pgbench " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)));
    }

    /// <summary>pgbench on the PATH, else the newest PostgreSQL's.</summary>
    private static string Executable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, "pgbench")).FirstOrDefault(File.Exists)
        ?? Directory.EnumerateDirectories("/usr/lib/postgresql").Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin", "pgbench")).LastOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Không tìm thấy pgbench (gói postgresql-contrib / postgresql-client).");

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();
}
