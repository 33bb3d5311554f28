using System.CommandLine;
using System.Globalization;
using Npgsql;
using OneStop.Workflows.Definitions;
using Spectre.Console;

namespace OneStop.Benchmarks.Data;

/// <summary><c>onestop-bench data --dossiers N</c>: the bulk generator.</summary>
internal static class DataCommand
{
    public static readonly Option<string> Connection = new("--connection")
    {
        Description = "Chuỗi kết nối PostgreSQL (mặc định: biến ConnectionStrings__OneStop)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ConnectionStrings__OneStop") ?? "Host=127.0.0.1;Port=55432;Database=onestop;Username=postgres",
    };

    public static readonly Option<string> Workflows = new("--workflows")
    {
        Description = "Thư mục workflows (mặc định: biến ONESTOP_WORKFLOWS)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ONESTOP_WORKFLOWS") ?? "workflows",
    };

    public static Command Create()
    {
        var dossiers = new Option<int>("--dossiers") { Description = "Số hồ sơ sinh thêm", DefaultValueFactory = _ => 100_000 };
        var months = new Option<int>("--months") { Description = "Hồ sơ tiếp nhận trong bấy nhiêu tháng gần nhất", DefaultValueFactory = _ => 12 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var pinKey = new Option<string>("--pin-key")
        {
            Description = "Khóa HMAC mã tra cứu của máy chủ (mặc định: OneStop__LookupPinKey hoặc khóa phát triển)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OneStop__LookupPinKey") ?? new Web.Infrastructure.OneStopOptions().LookupPinKey,
        };
        var command = new Command("data", "Nạp nhanh nhiều hồ sơ (COPY nhị phân) để đo đọc ở quy mô lớn") { dossiers, months, seed, pinKey, Connection, Workflows };
        command.SetAction(async (parse, ct) =>
        {
            await using var source = NpgsqlDataSource.Create(parse.GetRequiredValue(Connection));
            var workflows = parse.GetRequiredValue(Workflows);
            var generator = new DataGenerator(source, DefinitionCatalog.Load(workflows), workflows, parse.GetRequiredValue(pinKey));
            var total = parse.GetValue(dossiers);
            var progress = new Progress<int>(n => AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]đã nạp {n:N0}/{total:N0} hồ sơ[/]"));
            var outcome = await generator.RunAsync(total, parse.GetValue(months), parse.GetValue(seed), progress, ct);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"Đã nạp [bold]{outcome.Dossiers:N0}[/] hồ sơ ({outcome.Rows:N0} dòng) trong {outcome.Elapsed.TotalSeconds:F0} s ({outcome.Rows / outcome.Elapsed.TotalSeconds:N0} dòng/s)");
            return 0;
        });
        return command;
    }
}
