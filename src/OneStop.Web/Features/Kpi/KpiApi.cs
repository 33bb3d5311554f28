using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Kpi;

/// <summary><c>GET /api/kpi?from&amp;to&amp;agency&amp;unit&amp;procedure</c>: the KPI table with the plan's targets.</summary>
public static class KpiApi
{
    public static IServiceCollection AddKpi(this IServiceCollection services) =>
        services.AddScoped<KpiService>().AddScoped<KpiMonthlyReports>();

    public static IEndpointRouteBuilder MapKpi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/kpi", GetAsync)
            .WithTags("Chỉ số")
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Leader, Roles.Admin))
            .WithSummary("Bảng chỉ số KPI của kỳ (from, to: yyyy-MM-dd, giờ Việt Nam, tính cả hai ngày): tiếp nhận theo kênh, giải quyết trước/đúng/quá hạn, "
                + "đang giải quyết trong/quá hạn tại ngày cuối kỳ, tỷ lệ liên thông điện tử, trực tuyến, thanh toán trực tuyến, số hóa, hài lòng với chỉ tiêu kế hoạch, "
                + "bước trễ hạn theo cán bộ, nhóm chỉ số QĐ 766. agency: mã cơ quan (mặc định cơ quan của người gọi; cơ quan khác chỉ quản trị viên).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/kpi/trend", TrendAsync)
            .WithTags("Chỉ số")
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Leader, Roles.Admin))
            .WithSummary("Chỉ số theo từng tháng dương lịch (months tháng, mặc định 12, tối đa 36, kết thúc ở tháng to: yyyy-MM, mặc định tháng hiện tại "
                + "theo giờ Việt Nam): tiếp nhận theo kênh, đã giải quyết, tỷ lệ đúng hạn, liên thông điện tử, trực tuyến, thanh toán trực tuyến với chỉ tiêu. "
                + "agency, unit, procedure như /api/kpi.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/kpi/report.pdf", ReportPdfAsync)
            .WithTags("Chỉ số")
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Leader, Roles.Admin))
            .WithSummary("Báo cáo kết quả giải quyết TTHC của tháng (month: yyyy-MM) gửi tỉnh, dạng PDF: bảng chỉ số, tỷ lệ so với chỉ tiêu, "
                + "nhóm chỉ số QĐ 766, bước trễ hạn theo cán bộ, biểu đồ 12 tháng. unit, procedure: lọc theo đơn vị, thủ tục; cơ quan của người gọi.")
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> ReportPdfAsync(string? month, Guid? unit, string? procedure, ClaimsPrincipal user,
        OneStopDbContext db, KpiMonthlyReports reports, CancellationToken ct)
    {
        if (KpiMonthlyReports.ParseMonth(month) is not { } first)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["month"] = ["Cần tháng báo cáo dạng yyyy-MM, ví dụ 2026-11 (tham số month)."] });
        }
        var preparedBy = await db.Users.Where(o => o.Id == user.OfficerId()).Select(o => o.FullName).SingleAsync(ct);
        var report = await reports.BuildAsync(user.AgencyId(), first, unit, string.IsNullOrWhiteSpace(procedure) ? null : procedure.Trim(), preparedBy, ct);
        return TypedResults.File(KpiReportPdf.Render(report), "application/pdf", $"bao-cao-kpi-{first:yyyy-MM}.pdf");
    }

    private static async Task<Results<Ok<KpiReport>, ValidationProblem, ProblemHttpResult>> GetAsync(string? from, string? to, string? agency,
        Guid? unit, string? procedure, ClaimsPrincipal user, OneStopDbContext db, KpiService kpi, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        if (errors.Count == 0 && fromDate > toDate)
        {
            errors["to"] = ["Ngày kết thúc phải không trước ngày bắt đầu."];
        }
        return await AnswerAsync(errors, agency, user, db, code => kpi.ReportAsync(new KpiQuery(fromDate, toDate, code, unit, Procedure(procedure)), ct), ct);
    }

    private static async Task<Results<Ok<KpiTrend>, ValidationProblem, ProblemHttpResult>> TrendAsync(string? months, string? to, string? agency,
        Guid? unit, string? procedure, ClaimsPrincipal user, OneStopDbContext db, KpiService kpi, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var count = 12;
        if (months is not null && !(int.TryParse(months, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= 36))
        {
            errors["months"] = ["Số tháng phải là số nguyên từ 1 đến 36 (tham số months)."];
        }
        var last = KpiCalculator.LocalDate(clock.GetUtcNow());
        if (to is not null && !DateOnly.TryParseExact(to, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out last))
        {
            errors["to"] = ["Cần tháng dạng yyyy-MM (tham số to)."];
        }
        return await AnswerAsync(errors, agency, user, db,
            code => kpi.TrendAsync(new KpiQuery(last.AddMonths(1 - count), last, code, unit, Procedure(procedure)), ct), ct);
    }

    /// <summary>
    /// The validation problem when <paramref name="errors"/> has any; else the figures of the agency asked for (default
    /// the caller's own; another agency's only for administrators), 404 when there is no such agency.
    /// </summary>
    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> AnswerAsync<T>(Dictionary<string, string[]> errors,
        string? agency, ClaimsPrincipal user, OneStopDbContext db, Func<string, Task<T?>> compute, CancellationToken ct) where T : class
    {
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var own = await db.Agencies.Where(a => a.Id == user.AgencyId()).Select(a => a.Code).SingleAsync(ct);
        var code = string.IsNullOrWhiteSpace(agency) ? own : agency.Trim();
        if (code != own && !user.IsInRole(Roles.Admin))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Không có quyền xem chỉ số của cơ quan khác.");
        }
        var result = await compute(code);
        return result is null ? Problems.NotFound("cơ quan") : TypedResults.Ok(result);
    }

    private static string? Procedure(string? procedure) => string.IsNullOrWhiteSpace(procedure) ? null : procedure.Trim();

    private static DateOnly ParseDate(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[name] = [$"Cần ngày dạng yyyy-MM-dd (tham số {name})."];
        return default;
    }
}
