using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OneStop.Benchmarks.Load;
using OneStop.Benchmarks.Reads;

namespace OneStop.Benchmarks.Report;

/// <summary>
/// <c>onestop-bench report</c>: turns the JSON files of one deploy/bench.sh run (load.json, half.json, pgbench.json,
/// reads-*.json, micro.json, machine.txt, command.txt) into docs/benchmarks.md: the machine, the command, every
/// figure, the targets with pass/miss and the ratios.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--results") { Description = "Thư mục kết quả JSON", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Tệp Markdown", Required = true };
        var command = new Command("report", "Viết docs/benchmarks.md từ kết quả một lần chạy deploy/bench.sh") { dir, output };
        command.SetAction(async (parse, ct) =>
        {
            var markdown = Write(parse.GetRequiredValue(dir).FullName);
            await File.WriteAllTextAsync(parse.GetRequiredValue(output).FullName, markdown, ct);
            Console.WriteLine(markdown);
            return 0;
        });
        return command;
    }

    /// <summary>The report is Vietnamese, so are its numbers: 1.390 and 349,4.</summary>
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private sealed record Target(string Name, string Goal, double? Value, string Unit, bool? Met);

    private static string Write(string dir)
    {
        var load = Read<JsonElement>(dir, "load.json");
        var half = Read<JsonElement>(dir, "half.json");
        var pgbench = Read<JsonElement>(dir, "pgbench.json");
        var micro = Read<JsonElement>(dir, "micro.json");
        var reads = Directory.EnumerateFiles(dir, "reads-*.json").Order(StringComparer.Ordinal)
            .Select(f => Read<ReadsCommand.Result>(dir, Path.GetFileName(f))).OfType<ReadsCommand.Result>().OrderBy(r => r.Dossiers).ToList();
        var largest = reads.LastOrDefault();

        var sustained = Number(load, "sustainedTransitionsPerSecond");
        var tps = Number(pgbench, "tps");
        var ratio = sustained is { } s && tps is > 0 ? s / tps : null;
        var halfP95 = TransitionP95(half);
        var lag = Number(load, "kpiLag", "p99Ms");
        double? Read95(string path) => largest?.Latency.FirstOrDefault(l => l.Endpoint == path)?.P95;
        double? Micro(string name, string field) => micro is { ValueKind: JsonValueKind.Array } m
            ? m.EnumerateArray().Where(x => x.GetProperty("name").GetString() == name).Select(x => (double?)x.GetProperty(field).GetDouble()).FirstOrDefault()
            : null;
        var due = new[] { Micro("Appointment", "opsPerSecond"), Micro("StepDue", "opsPerSecond") }.Where(x => x is not null).Min();
        var pdf = Micro("Receipt", "p95Ns") / 1e6;
        var at = largest is null ? "" : Vn($" (ở {largest.Dossiers:N0} hồ sơ)");
        var targets = new List<Target>
        {
            Goal("Chuyển bước duy trì", "≥ 1.000 /s", sustained, "/s", v => v >= 1000),
            Goal("Tỷ lệ OneStop / pgbench", "≥ 0,5", ratio, "", v => v >= 0.5),
            Goal("p95 một lần chuyển bước ở nửa tải", "≤ 25 ms", halfP95, "ms", v => v <= 25),
            Goal("Độ trễ KPI p99", "≤ 2.000 ms", lag, "ms", v => v <= 2000),
            Goal("Tra cứu công dân p95" + at, "≤ 5 ms", Read95(ReadsCommand.Lookup), "ms", v => v <= 5),
            Goal("Hộp việc cán bộ p95" + at, "≤ 15 ms", Read95(ReadsCommand.Inbox), "ms", v => v <= 15),
            Goal("Danh sách quá hạn p95" + at, "≤ 50 ms", Read95(ReadsCommand.Overdue), "ms", v => v <= 50),
            Goal("Bảng KPI tháng p95" + at, "≤ 50 ms", Read95(ReadsCommand.Kpi), "ms", v => v <= 50),
            Goal("In giấy tiếp nhận PDF p95", "≤ 20 ms", pdf, "ms", v => v <= 20),
            Goal("Tính hạn xử lý", "≥ 1.000.000 /s", due, "/s", v => v >= 1_000_000),
        };

        var md = new StringBuilder();
        md.AppendLine("# Hiệu năng OneStop (issue #6)").AppendLine();
        md.AppendLine("Tệp này do `deploy/bench.sh` viết lại sau mỗi lần chạy; đừng sửa tay. Cách đo: `tests/OneStop.Benchmarks/README.md`.").AppendLine();
        md.AppendLine("## Máy và lệnh").AppendLine().AppendLine("```");
        md.AppendLine(Text(dir, "machine.txt").TrimEnd()).AppendLine(Text(dir, "command.txt").TrimEnd()).AppendLine("```").AppendLine();

        md.AppendLine("## Chỉ tiêu").AppendLine().AppendLine("| Chỉ tiêu | Mục tiêu | Đo được | Đạt |").AppendLine("|---|---|---|---|");
        foreach (var t in targets)
        {
            md.AppendLine(Vn($"| {t.Name} | {t.Goal} | {Format(t.Value)} {t.Unit} | {(t.Met switch { true => "✅ đạt", false => "❌ chưa đạt", null => "— không đo" })} |"));
        }
        md.AppendLine();
        var missed = targets.Where(t => t.Met == false).ToList();
        if (missed.Count > 0)
        {
            md.AppendLine("### Điều gì giới hạn các chỉ tiêu chưa đạt").AppendLine();
            foreach (var t in missed)
            {
                md.AppendLine(Vn($"* **{t.Name}**: {Limit(t.Name)}"));
            }
            md.AppendLine();
        }

        md.AppendLine("## Tải vòng đời hồ sơ qua HTTP").AppendLine();
        foreach (var (title, run) in new[] { ("Toàn tải", load), ("Nửa tải (giới hạn nhịp)", half) })
        {
            if (run.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            md.AppendLine(Vn($"### {title}")).AppendLine();
            md.AppendLine(Vn($"{run.GetProperty("clients").GetInt32()} client ảo, {Format(Number(run, "seconds"))} s{(Number(run, "pacedAt") is { } p ? Vn($", nhịp {p:F0} thao tác/s") : "")}: ")
                + Vn($"**{Format(Number(run, "dossiersPerSecond"))} hồ sơ/s**, **{Format(Number(run, "transitionsPerSecond"))} chuyển bước/s** (trung bình), ")
                + Vn($"**{Format(Number(run, "sustainedTransitionsPerSecond"))}/s** duy trì (trung vị theo giây, bỏ 10 % đầu); ")
                + Vn($"{run.GetProperty("transitions").GetInt32()} chuyển bước, {run.GetProperty("completed").GetInt32()} hồ sơ trả kết quả, {run.GetProperty("ratings").GetInt32()} đánh giá."));
            var c = run.GetProperty("counts");
            md.AppendLine().AppendLine(Vn($"Yêu cầu {c.GetProperty("requests").GetInt64()}: 2xx {c.GetProperty("success").GetInt64()}, 4xx {{{string.Join(", ", c.GetProperty("clientErrors").EnumerateObject().Select(e => $"{e.Name}: {e.Value}"))}}}, ")
                + Vn($"5xx {c.GetProperty("serverErrors").GetInt64()}, lỗi mạng {c.GetProperty("networkErrors").GetInt64()}, hồ sơ bỏ dở {c.GetProperty("abandonedDossiers").GetInt64()}."));
            var k = run.GetProperty("kpiLag");
            md.AppendLine().AppendLine(Vn($"Độ trễ KPI: p50 {Format(Number(k, "p50Ms"))} ms, p99 {Format(Number(k, "p99Ms"))} ms, tối đa {Format(Number(k, "maxMs"))} ms trên {k.GetProperty("events").GetInt64()} sự kiện ({k.GetProperty("unresolved").GetInt64()} chưa chiếu khi hết giờ chờ)."));
            md.AppendLine().AppendLine("| Endpoint | n | p50 ms | p95 ms | p99 ms | max ms |").AppendLine("|---|---|---|---|---|---|");
            foreach (var l in run.GetProperty("latency").EnumerateArray())
            {
                md.AppendLine(Vn($"| `{l.GetProperty("endpoint").GetString()}` | {l.GetProperty("count").GetInt64()} | {Format(Number(l, "p50"))} | {Format(Number(l, "p95"))} | {Format(Number(l, "p99"))} | {Format(Number(l, "max"))} |"));
            }
            md.AppendLine();
        }

        md.AppendLine("## Giới hạn vật lý: pgbench").AppendLine();
        if (pgbench.ValueKind == JsonValueKind.Object)
        {
            md.AppendLine(Vn($"Cùng câu SQL của một lần chuyển bước (`tests/OneStop.Benchmarks/Pgbench/transition.sql`), {pgbench.GetProperty("clients").GetInt32()} client: ")
                + Vn($"**{Format(tps)} giao dịch/s**, độ trễ trung bình {Format(Number(pgbench, "latencyAverageMs"))} ms. Tỷ lệ OneStop / pgbench = **{Format(ratio)}**."));
            md.AppendLine().AppendLine("```").AppendLine(pgbench.GetProperty("command").GetString()).AppendLine("```").AppendLine();
        }

        md.AppendLine("## Đường đọc theo quy mô dữ liệu").AppendLine();
        if (reads.Count > 0)
        {
            md.AppendLine("Một yêu cầu mỗi lần (không đồng thời), sau khởi động. p50 / p95 / p99 (ms).").AppendLine();
            md.AppendLine("| Đường đọc | " + string.Join(" | ", reads.Select(r => Vn($"{r.Dossiers:N0} hồ sơ"))) + " |");
            md.AppendLine("|---|" + string.Concat(reads.Select(_ => "---|")));
            foreach (var path in new[] { ReadsCommand.Lookup, ReadsCommand.Inbox, ReadsCommand.Overdue, ReadsCommand.Kpi, ReadsCommand.Page })
            {
                md.AppendLine($"| {path} | " + string.Join(" | ", reads.Select(r => r.Latency.FirstOrDefault(l => l.Endpoint == path) is { } l
                    ? Vn($"{Format(l.P50)} / {Format(l.P95)} / {Format(l.P99)}") : "—")) + " |");
            }
            md.AppendLine();
        }

        md.AppendLine("## Micro-benchmark (BenchmarkDotNet)").AppendLine();
        if (micro.ValueKind == JsonValueKind.Array)
        {
            md.AppendLine("| Phép đo | trung bình | p95 | phép/s | cấp phát B/phép |").AppendLine("|---|---|---|---|---|");
            foreach (var m in micro.EnumerateArray())
            {
                md.AppendLine(Vn($"| {m.GetProperty("name").GetString()} | {Ns(m.GetProperty("meanNs").GetDouble())} | {Ns(m.GetProperty("p95Ns").GetDouble())} | {m.GetProperty("opsPerSecond").GetDouble():N0} | {m.GetProperty("allocatedBytes").GetInt64():N0} |"));
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static Target Goal(string name, string goal, double? value, string unit, Func<double, bool> met) =>
        new(name, goal, value, unit, value is { } v ? met(v) : null);

    /// <summary>What holds each target back on this machine, from the profiling recorded in the benchmark's README.</summary>
    private static string Limit(string target) => target switch
    {
        _ when target.StartsWith("Chuyển bước", StringComparison.Ordinal) || target.StartsWith("Tỷ lệ", StringComparison.Ordinal) || target.StartsWith("p95", StringComparison.Ordinal) =>
            "hai lõi CPU dùng chung cho máy khách tải, ứng dụng, PostgreSQL và RabbitMQ; ứng dụng (EF Core, JIT khi mới khởi động) là giới hạn, "
            + "mỗi thao tác còn 8 lượt trao đổi với PostgreSQL (15 câu SQL); mọi lần tiếp nhận của một cơ quan nối đuôi nhau ở bộ đếm số hồ sơ và số sổ (không được có số trống), "
            + "nên tải đăng ký dồn vào một cơ quan giới hạn số hồ sơ mới mỗi giây.",
        _ when target.StartsWith("Độ trễ KPI", StringComparison.Ordinal) =>
            "ngay sau khi nạp dữ liệu sinh sẵn, một lượt quét quá hạn phát cùng lúc hơn 11 nghìn sự kiện StepOverdue và relay (cùng tiến trình web, "
            + "tranh CPU với tải) chỉ chuyển khoảng 110 sự kiện/giây khi tải đầy, nên sự kiện của tải xếp hàng sau chúng; theo dấu thời gian outbox/inbox, "
            + "ở nửa tải relay p99 0,4 s và bộ chiếu KPI p99 0,06 s, phần đuôi p99 còn lại là các sự kiện quá hạn phát hàng loạt.",
        _ when target.StartsWith("In giấy", StringComparison.Ordinal) =>
            "PDFsharp đọc và nhúng (subset) phông chữ cho từng tài liệu, vẽ mã QR; đo trong tiến trình, một lõi.",
        _ when target.StartsWith("Bảng KPI", StringComparison.Ordinal) =>
            "PostgreSQL đếm theo chỉ mục, nhưng thời gian xử lý trung bình làm tròn theo từng hồ sơ nên phải đọc từng dòng của tháng (khoảng 90 nghìn hồ sơ); cần bảng tổng theo ngày do bộ chiếu ghi sẵn.",
        _ when target.StartsWith("Danh sách quá hạn", StringComparison.Ordinal) =>
            "hơn 100 nghìn bước quá hạn ở 1 triệu hồ sơ; bước chưa có cột cơ quan nên phải nối với bảng hồ sơ; cần số đếm theo đơn vị/cán bộ ghi sẵn và danh sách ngắn.",
        _ => "truy vấn đọc qua EF Core rồi dựng JSON; xem README của benchmark, mục đường đọc ở 1 triệu hồ sơ.",
    };

    private static T? Read<T>(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Summary.Json) : default;
    }

    private static string Text(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static double? Number(JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }
        return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
    }

    private static double? TransitionP95(JsonElement run) => run.ValueKind == JsonValueKind.Object
        ? run.GetProperty("latency").EnumerateArray().Where(l => l.GetProperty("endpoint").GetString() == LoadResult.TransitionEndpoint)
            .Select(l => (double?)l.GetProperty("p95").GetDouble()).FirstOrDefault()
        : null;

    private static string Format(double? v) => v switch
    {
        null => "—",
        >= 1000 => v.Value.ToString("N0", Vi),
        >= 10 => v.Value.ToString("F1", Vi),
        _ => v.Value.ToString("F2", Vi),
    };

    private static string Ns(double ns) => ns >= 1e6 ? Vn($"{ns / 1e6:F2} ms") : Vn($"{ns / 1e3:F3} µs");

    private static string Vn(FormattableString s) => s.ToString(Vi);
}
