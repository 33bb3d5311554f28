using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Infrastructure;

namespace OneStop.Cli;

/// <summary>
/// <c>onestop kpi --from D --to D [--agency CODE] [--unit ID] [--procedure CODE] [--format json]</c> prints the KPI
/// table from the projection; <c>kpi rebuild</c> recomputes the projection from the source tables; <c>kpi verify</c>
/// compares the two and exits 1 on any difference, printing the differing figures. Bad input: exit 2.
/// </summary>
internal static class KpiCommands
{
    private const int BadInput = 2;
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Ngày đầu kỳ, dạng yyyy-MM-dd (giờ Việt Nam)." };
        var to = new Option<string?>("--to") { Description = "Ngày cuối kỳ, dạng yyyy-MM-dd (tính cả ngày này)." };
        var agency = new Option<string?>("--agency") { Description = "Mã cơ quan; mặc định tất cả." };
        var unit = new Option<Guid?>("--unit") { Description = "Mã (Guid) đơn vị xử lý." };
        var procedure = new Option<string?>("--procedure") { Description = "Mã thủ tục hành chính." };
        var format = new Option<string?>("--format") { Description = "text (mặc định) hoặc json." };

        var command = new Command("kpi", "Bảng chỉ số KPI của kỳ, kèm chỉ tiêu kế hoạch và nhóm chỉ số QĐ 766.");
        foreach (var o in new Option[] { from, to, agency, unit, procedure, format })
        {
            command.Options.Add(o);
        }
        command.SetAction((parse, ct) => WithServicesAsync(() =>
        {
            var query = Query(parse.GetValue(from), parse.GetValue(to), parse.GetValue(agency), parse.GetValue(unit), parse.GetValue(procedure));
            var json = parse.GetValue(format) switch
            {
                null or "text" => false,
                "json" => true,
                var other => throw new BadInputException($"Định dạng '{other}' không hỗ trợ; dùng text hoặc json."),
            };
            return (query, json);
        }, async (kpi, input) =>
        {
            var (query, json) = input;
            var report = await kpi.ReportAsync(query, ct) ?? throw new BadInputException($"Không có cơ quan mã '{query.Agency}'.");
            Console.Out.Write(json ? JsonSerializer.Serialize(report, Json) + "\n" : FormatText(report));
            return 0;
        }));

        var rebuild = new Command("rebuild", "Tính lại bảng dữ liệu KPI từ các bảng gốc (hồ sơ, bước, văn bản, giấy tờ).");
        rebuild.SetAction((_, ct) => WithServicesAsync(() => 0, async (kpi, _) =>
        {
            var count = await kpi.RebuildAsync(ct);
            Console.Out.WriteLine($"Đã tính lại dữ liệu KPI của {count.ToString(CultureInfo.InvariantCulture)} hồ sơ.");
            return 0;
        }));
        command.Subcommands.Add(rebuild);

        var vFrom = new Option<string?>("--from") { Description = "Ngày đầu kỳ so sánh bảng chỉ số (mặc định 2000-01-01)." };
        var vTo = new Option<string?>("--to") { Description = "Ngày cuối kỳ (mặc định hôm nay)." };
        var vAgency = new Option<string?>("--agency") { Description = "Mã cơ quan; mặc định tất cả." };
        var verify = new Command("verify", "So sánh dữ liệu KPI với kết quả tính lại từ các bảng gốc; có khác biệt thì in ra và trả mã 1.");
        verify.Options.Add(vFrom);
        verify.Options.Add(vTo);
        verify.Options.Add(vAgency);
        verify.SetAction((parse, ct) => WithServicesAsync(() => Query(parse.GetValue(vFrom) ?? "2000-01-01",
                parse.GetValue(vTo) ?? DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                parse.GetValue(vAgency), null, null), async (kpi, query) =>
        {
            var differences = await kpi.VerifyAsync(query, ct);
            if (differences.Count == 0)
            {
                Console.Out.WriteLine("Dữ liệu KPI khớp với số liệu tính lại từ các bảng gốc.");
                return 0;
            }
            Console.Out.WriteLine($"Có {differences.Count.ToString(CultureInfo.InvariantCulture)} khác biệt (dữ liệu KPI | tính lại từ bảng gốc):");
            foreach (var d in differences)
            {
                Console.Out.WriteLine($"  {d.What}: {d.Projection} | {d.Source}");
            }
            return 1;
        }));
        command.Subcommands.Add(verify);
        return command;
    }

    private static KpiQuery Query(string? from, string? to, string? agency, Guid? unit, string? procedure)
    {
        var f = Date(from, "--from");
        var t = Date(to, "--to");
        if (f > t)
        {
            throw new BadInputException("Ngày cuối kỳ (--to) phải không trước ngày đầu kỳ (--from).");
        }
        return new KpiQuery(f, t, string.IsNullOrWhiteSpace(agency) ? null : agency.Trim(), unit, string.IsNullOrWhiteSpace(procedure) ? null : procedure.Trim());
    }

    private static DateOnly Date(string? text, string option)
    {
        if (text is null)
        {
            throw new BadInputException($"Thiếu tùy chọn {option} (dạng yyyy-MM-dd).");
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new BadInputException($"Ngày '{text}' của {option} không hợp lệ; hãy nhập dạng yyyy-MM-dd.");
        }
        return date;
    }

    /// <summary>Checks the input first (bad input: exit 2 without touching anything), then runs with the host's services.</summary>
    private static async Task<int> WithServicesAsync<TInput>(Func<TInput> input, Func<KpiService, TInput, Task<int>> run)
    {
        TInput parsed;
        try
        {
            parsed = input();
        }
        catch (BadInputException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return BadInput;
        }
        // The same registrations as the web host, the worker role off: nothing is started, only the services are used.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A database error is reported once, in Vietnamese, not also as EF's log lines.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.Configuration["OneStop:Worker:Enabled"] = "false";
        try
        {
            builder.AddOneStop();
            await using var app = builder.Build();
            await using var scope = app.Services.CreateAsyncScope();
            return await run(scope.ServiceProvider.GetRequiredService<KpiService>(), parsed);
        }
        catch (InvalidWorkflowFilesException e)
        {
            await e.PrintAsync(Console.Error);
            return 1;
        }
        catch (BadInputException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return BadInput;
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Không kết nối được PostgreSQL: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("ConnectionStrings", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    /// <summary>The table as people read it: one line per figure, percentages with their counts and the plan's targets.</summary>
    public static string FormatText(KpiReport r)
    {
        var text = new StringBuilder();
        text.Append(Vi, $"BẢNG CHỈ SỐ KPI từ {r.From:dd/MM/yyyy} đến {r.To:dd/MM/yyyy}");
        if (r.Agency is not null)
        {
            text.Append(Vi, $" – cơ quan {r.Agency}");
        }
        if (r.Procedure is not null)
        {
            text.Append(Vi, $" – thủ tục {r.Procedure}");
        }
        if (r.Unit is not null)
        {
            text.Append(Vi, $" – đơn vị {r.Unit}");
        }
        text.Append('\n');
        const int width = 56;
        foreach (var section in r.Sections)
        {
            text.Append('\n').Append(section.Title).Append('\n');
            foreach (var f in section.Figures)
            {
                var value = f.Value is { } v
                    ? (f.Unit == KpiCalculator.Percent ? v.ToString("0.00", Vi) + " %" : v.ToString("0.##", Vi) + " " + f.Unit)
                    : "—";
                var line = new StringBuilder($"  {f.Label.PadRight(width)} {value,14}");
                if (f.Numerator is not null)
                {
                    line.Append(Vi, $"  ({f.Numerator}/{f.Denominator})");
                }
                if (f.Target is not null)
                {
                    line.Append(Vi, $"  chỉ tiêu {f.Target:0.##} %");
                    if (f.Target2030 is not null)
                    {
                        line.Append(Vi, $" (2030: {f.Target2030:0.##} %)");
                    }
                }
                if (f.Note is not null)
                {
                    line.Append(Vi, $"  [{f.Note}]");
                }
                text.Append(line.ToString().TrimEnd()).Append('\n');
            }
        }
        text.Append("\nBước xử lý hoàn thành trong kỳ theo cán bộ (trễ hạn / đã hoàn thành)\n");
        if (r.Officers.Count == 0)
        {
            text.Append("  (không có)\n");
        }
        foreach (var o in r.Officers)
        {
            text.Append(Vi, $"  {o.Name.PadRight(width)} {o.Late,6} / {o.Completed}\n");
        }
        text.Append("\nNhóm chỉ số QĐ 766/QĐ-TTg (phần tính được từ dữ liệu hệ thống)\n");
        foreach (var g in r.Qd766)
        {
            var score = g.Score is { } s ? s.ToString("0.00", Vi) : "—";
            text.Append(Vi, $"  {g.Code} {g.Name.PadRight(width - 5)} {score,6} / {g.Computed:0.##} (tối đa {g.Max}) [{g.Confidence}] {g.Formula}");
            if (g.Note.Length > 0)
            {
                text.Append(Vi, $"; {g.Note}");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}

/// <summary>Input the operator must correct; printed on stderr, exit code 2.</summary>
internal sealed class BadInputException(string message) : Exception(message);
