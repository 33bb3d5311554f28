using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using OneStop.Benchmarks.Data;
using OneStop.Benchmarks.Load;
using Spectre.Console;

namespace OneStop.Benchmarks.Reads;

/// <summary>
/// <c>onestop-bench reads URL</c>: latency of the read paths one at a time over HTTP (no concurrency, so the figure
/// is the cost of one request): citizen lookup, officer inbox, overdue list, monthly KPI table, dossier page.
/// Dossiers are sampled from the database among the generated ones (their PIN is derived from their id).
/// </summary>
internal static class ReadsCommand
{
    public const string Lookup = "tra cứu công dân (GET /api/lookup)";
    public const string Inbox = "hộp việc cán bộ (GET /api/dossiers?mine=true)";
    public const string Overdue = "danh sách quá hạn (GET /api/overdue)";
    public const string Kpi = "bảng KPI tháng (GET /api/kpi)";
    public const string Page = "trang hồ sơ (GET /api/dossiers/{id})";

    public static Command Create()
    {
        var url = new Argument<string>("url") { Description = "Địa chỉ phiên bản web" };
        var requests = new Option<int>("--requests") { Description = "Số yêu cầu đo cho mỗi đường đọc", DefaultValueFactory = _ => 300 };
        var budget = new Option<int>("--max-seconds") { Description = "Tối đa bấy nhiêu giây cho mỗi đường đọc (đường chậm đo ít yêu cầu hơn)", DefaultValueFactory = _ => 60 };
        var json = new Option<FileInfo?>("--json") { Description = "Ghi kết quả (JSON) vào tệp này" };
        var command = new Command("reads", "Độ trễ các đường đọc (p50/p95/p99) ở quy mô dữ liệu hiện có") { url, requests, budget, json, DataCommand.Connection };
        command.SetAction(async (parse, ct) =>
        {
            var result = await RunAsync(new Uri(parse.GetRequiredValue(url), UriKind.Absolute), parse.GetValue(requests),
                TimeSpan.FromSeconds(parse.GetValue(budget)), parse.GetRequiredValue(DataCommand.Connection), ct);
            var table = new Table().AddColumns("Đường đọc", "n", "p50 ms", "p95 ms", "p99 ms", "max ms");
            foreach (var l in result.Latency)
            {
                table.AddRow(Markup.Escape(l.Endpoint), l.Count.ToString(CultureInfo.InvariantCulture), F(l.P50), F(l.P95), F(l.P99), F(l.Max));
            }
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{result.Dossiers:N0} hồ sơ trong cơ sở dữ liệu");
            AnsiConsole.Write(table);
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(result, Summary.Json), ct);
            }
            return 0;
        });
        return command;
    }

    public sealed record Result(long Dossiers, IReadOnlyList<LatencySummary> Latency);

    public static async Task<Result> RunAsync(Uri baseUrl, int requests, TimeSpan budget, string connection, CancellationToken ct)
    {
        var (count, samples) = await SampleAsync(connection, ct);
        if (samples.Count == 0)
        {
            throw new InvalidOperationException("Không có hồ sơ sinh sẵn: chạy 'onestop-bench data' trước.");
        }
        var metrics = new LoadMetrics();
        using var api = new ApiSession(baseUrl, new LoadOptions([baseUrl], 1, TimeSpan.Zero), metrics);
        var months = Enumerable.Range(0, 6).Select(i => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddMonths(-i)).ToList();
        var random = new Random(1);
        // Warm-up (sign-in, JIT, plans) is not measured: its requests are recorded under a separate name and dropped.
        foreach (var (name, send) in Paths())
        {
            for (var i = 0; i < requests / 10 + 5; i++)
            {
                await send("khởi động", random);
            }
        }
        foreach (var (name, send) in Paths())
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < requests && watch.Elapsed < budget; i++)
            {
                var reply = await send(name, random);
                if (!reply.Ok)
                {
                    throw new InvalidOperationException($"{name}: {reply.Status} {reply.Body}");
                }
            }
        }
        var latency = metrics.Result(metrics.Elapsed).Latency.Where(l => l.Endpoint != "khởi động" && !l.Endpoint.StartsWith("POST", StringComparison.Ordinal));
        return new Result(count, [.. latency]);

        IEnumerable<(string, Func<string, Random, Task<Reply>>)> Paths()
        {
            yield return (Lookup, (n, r) =>
            {
                var (_, code, pin) = samples[r.Next(samples.Count)];
                return api.GetAsync(n, null, $"/api/lookup/?code={Uri.EscapeDataString(code)}&pin={pin}", ct);
            });
            yield return (Inbox, (n, r) => api.GetAsync(n, r.Next(2) == 0 ? "chuyenvien" : "chuyenvien2", "/api/dossiers/?mine=true", ct));
            yield return (Overdue, (n, _) => api.GetAsync(n, "giamsat", "/api/overdue", ct));
            yield return (Kpi, (n, r) =>
            {
                var month = months[r.Next(months.Count)];
                var first = new DateOnly(month.Year, month.Month, 1);
                return api.GetAsync(n, "giamsat", string.Create(CultureInfo.InvariantCulture,
                    $"/api/kpi?from={first:yyyy-MM-dd}&to={first.AddMonths(1).AddDays(-1):yyyy-MM-dd}"), ct);
            });
            yield return (Page, (n, r) => api.GetAsync(n, "chuyenvien", $"/api/dossiers/{samples[r.Next(samples.Count)].Id}", ct));
        }
    }

    /// <summary>The number of dossiers and up to 2,000 generated ones (no Idempotency-Key) spread over the table.</summary>
    private static async Task<(long, List<(Guid Id, string Code, string Pin)>)> SampleAsync(string connection, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var countCmd = new NpgsqlCommand("SELECT count(*) FROM dossiers", db);
        var count = (long)(await countCmd.ExecuteScalarAsync(ct))!;
        await using var cmd = new NpgsqlCommand(
            "SELECT id, code FROM dossiers TABLESAMPLE SYSTEM (1) WHERE idempotency_key IS NULL AND code IS NOT NULL LIMIT 2000", db);
        var samples = new List<(Guid, string, string)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            samples.Add((r.GetGuid(0), r.GetString(1), DemoData.PinOf(r.GetGuid(0))));
        }
        return (count, samples);
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
