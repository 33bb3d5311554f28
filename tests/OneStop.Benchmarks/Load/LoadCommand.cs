using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace OneStop.Benchmarks.Load;

/// <summary><c>onestop-bench load URL…</c>: the lifecycle load against running instances; prints and optionally saves the figures.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var urls = new Argument<string[]>("urls") { Description = "Địa chỉ các phiên bản web (vd. http://127.0.0.1:5080)", Arity = ArgumentArity.OneOrMore };
        var clients = new Option<int>("--clients") { Description = "Số client ảo đồng thời", DefaultValueFactory = _ => 32 };
        var duration = new Option<int>("--seconds") { Description = "Thời gian chạy (giây)", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var tolerate = new Option<bool>("--tolerate-faults") { Description = "Lỗi kết nối, quá thời gian, 5xx: đếm, chờ, gửi lại" };
        var max = new Option<int?>("--max-dossiers");
        var rate = new Option<double?>("--rate") { Description = "Giới hạn số thao tác chuyển bước mỗi giây (mặc định: nhanh nhất có thể)" };
        var json = new Option<FileInfo?>("--json") { Description = "Ghi kết quả (JSON) vào tệp này" };
        var command = new Command("load", "Tải: nhiều client ảo đưa hồ sơ đi hết vòng đời qua API; đo cả độ trễ KPI qua cơ sở dữ liệu")
        {
            urls, clients, duration, seed, tolerate, max, rate, json, Data.DataCommand.Connection,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new LoadOptions([.. parse.GetRequiredValue(urls).Select(u => new Uri(u, UriKind.Absolute))], parse.GetValue(clients), TimeSpan.FromSeconds(parse.GetValue(duration)),
                parse.GetValue(seed), parse.GetValue(tolerate), parse.GetValue(max)) { TransitionsPerSecond = parse.GetValue(rate) };
            using var stop = new CancellationTokenSource();
            var probe = new KpiLagProbe(parse.GetRequiredValue(Data.DataCommand.Connection)).RunAsync(stop.Token, TimeSpan.FromSeconds(30), ct);
            LoadResult result;
            try
            {
                result = await RunWithProgressAsync(options, ct);
            }
            finally
            {
                await stop.CancelAsync();
            }
            var lag = await probe;
            Print(result);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"Độ trễ KPI (sự kiện → bảng chỉ số): p50 {lag.P50Ms:F0} ms, p99 {lag.P99Ms:F0} ms, tối đa {lag.MaxMs:F0} ms ({lag.Events} sự kiện, {lag.Unresolved} chưa chiếu; đo mỗi {lag.ResolutionMs:F0} ms)");
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(Summary.Of(result, options, lag), Summary.Json), ct);
            }
            return 0;
        });
        return command;
    }

    public static async Task<LoadResult> RunWithProgressAsync(LoadOptions options, CancellationToken ct)
    {
        var progress = new Progress<LoadProgress>(p => AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[grey]{p.Elapsed:mm\\:ss}[/] hồ sơ {p.Dossiers} (xong {p.Completed}) · chuyển bước {p.Transitions} ([bold]{p.RecentTransitionsPerSecond:F0}/s[/]) · yêu cầu {p.Requests} · lỗi {p.Errors}"));
        return await LoadGenerator.RunAsync(options, progress, ct);
    }

    public static void Print(LoadResult r)
    {
        var c = r.Counts;
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[bold]{r.Dossiers.Count}[/] hồ sơ ({r.DossiersPerSecond:F1}/s), [bold]{r.Transitions.Count}[/] chuyển bước ([bold]{r.TransitionsPerSecond:F1}/s[/]), {r.CompletedDossiers} trả kết quả, {r.Ratings} đánh giá trong {r.Elapsed.TotalSeconds:F1} s");
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"yêu cầu {c.Requests}: 2xx {c.Success}, 4xx {string.Join(", ", c.ClientErrors.Select(kv => $"{kv.Key}×{kv.Value}"))}, 5xx {c.ServerErrors}, lỗi mạng {c.NetworkErrors}, gửi lại {c.Retries}, bỏ dở {c.AbandonedDossiers}");
        var table = new Table().AddColumns("Endpoint", "n", "p50 ms", "p95 ms", "p99 ms", "max ms");
        foreach (var l in r.Latency)
        {
            table.AddRow(Markup.Escape(l.Endpoint), l.Count.ToString(CultureInfo.InvariantCulture), F(l.P50), F(l.P95), F(l.P99), F(l.Max));
        }
        AnsiConsole.Write(table);
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
