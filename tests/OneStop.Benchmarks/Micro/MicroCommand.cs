using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OneStop.Benchmarks.Load;
using Spectre.Console;

namespace OneStop.Benchmarks.Micro;

/// <summary><c>onestop-bench micro</c>: BenchmarkDotNet, in process (no generated project to build), Release build required.</summary>
internal static class MicroCommand
{
    public static string WorkflowsPath => Environment.GetEnvironmentVariable("ONESTOP_WORKFLOWS") ?? "workflows";

    /// <summary>One benchmark: mean and p95 of one operation, and operations per second.</summary>
    public sealed record Figure(string Name, double MeanNs, double P95Ns, double OpsPerSecond, long AllocatedBytes);

    public static Command Create()
    {
        var json = new Option<FileInfo?>("--json") { Description = "Ghi kết quả (JSON) vào tệp này" };
        var quick = new Option<bool>("--quick") { Description = "Ít vòng lặp hơn (chạy thử)" };
        var command = new Command("micro", "BenchmarkDotNet: tính hạn xử lý, in giấy tiếp nhận PDF, quyết định của bộ máy quy trình") { json, quick, Data.DataCommand.Workflows };
        command.SetAction(async (parse, ct) =>
        {
            Environment.SetEnvironmentVariable("ONESTOP_WORKFLOWS", parse.GetRequiredValue(Data.DataCommand.Workflows));
            var job = (parse.GetValue(quick) ? Job.ShortRun : Job.Default.WithWarmupCount(5).WithIterationCount(20)).WithToolchain(InProcessEmitToolchain.Instance);
            var config = ManualConfig.CreateMinimumViable().AddJob(job).WithArtifactsPath(Path.Combine(Path.GetTempPath(), "onestop-bench-micro"));
            var figures = new List<Figure>();
            foreach (var summary in new[] { BenchmarkRunner.Run<DueDateBenchmarks>(config), BenchmarkRunner.Run<ReceiptPdfBenchmarks>(config), BenchmarkRunner.Run<EngineBenchmarks>(config) })
            {
                foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
                {
                    var stats = report.ResultStatistics!;
                    figures.Add(new Figure(report.BenchmarkCase.Descriptor.WorkloadMethod.Name, stats.Mean, stats.Percentiles.P95, 1e9 / stats.Mean,
                        report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0));
                }
            }
            var table = new Table().AddColumns("Phép đo", "trung bình", "p95", "phép/s", "cấp phát B/phép");
            foreach (var f in figures)
            {
                table.AddRow(f.Name, Time(f.MeanNs), Time(f.P95Ns), f.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    f.AllocatedBytes.ToString("N0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(figures, Summary.Json), ct);
            }
            return 0;
        });
        return command;
    }

    private static string Time(double ns) => ns >= 1e6
        ? (ns / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms"
        : (ns / 1e3).ToString("F3", CultureInfo.InvariantCulture) + " µs";
}
