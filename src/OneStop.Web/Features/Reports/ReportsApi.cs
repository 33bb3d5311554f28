using System.Security.Claims;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Reports;

/// <summary>The tracking register (form 07) of the caller's agency for a period of reception dates.</summary>
public static class ReportsApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IServiceCollection AddReports(this IServiceCollection services) => services.AddScoped<TrackingRegister>();

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/register.xlsx", RegisterXlsxAsync).WithTags("Báo cáo")
            .RequireAuthorization(p => p.RequireRole(Roles.Reception, Roles.Supervisor, Roles.Leader, Roles.Admin))
            .WithSummary("Sổ theo dõi hồ sơ (Mẫu 07) dạng XLSX, hồ sơ tiếp nhận từ ngày from đến ngày to (yyyy-MM-dd).");
        app.MapGet("/api/register.pdf", RegisterPdfAsync).WithTags("Báo cáo")
            .RequireAuthorization(p => p.RequireRole(Roles.Reception, Roles.Supervisor, Roles.Leader, Roles.Admin))
            .WithSummary("Sổ theo dõi hồ sơ (Mẫu 07) dạng PDF khổ A4 ngang, hồ sơ tiếp nhận từ ngày from đến ngày to (yyyy-MM-dd).");
        return app;
    }

    private static Task<IResult> RegisterXlsxAsync(DateOnly? from, DateOnly? to, ClaimsPrincipal user, TrackingRegister register,
        CancellationToken ct) =>
        RegisterAsync(from, to, user, register, "xlsx", async book =>
        {
            using var buffer = new MemoryStream();
            await RegisterXlsx.WriteAsync(book, buffer, ct);
            return (buffer.ToArray(), XlsxType);
        }, ct);

    private static Task<IResult> RegisterPdfAsync(DateOnly? from, DateOnly? to, ClaimsPrincipal user, TrackingRegister register,
        CancellationToken ct) =>
        RegisterAsync(from, to, user, register, "pdf", book => Task.FromResult((RegisterPdf.Render(book), "application/pdf")), ct);

    /// <summary>Validates the period, reads the caller's agency's register and writes it in one format.</summary>
    private static async Task<IResult> RegisterAsync(DateOnly? from, DateOnly? to, ClaimsPrincipal user, TrackingRegister register,
        string extension, Func<RegisterBook, Task<(byte[] Content, string Type)>> write, CancellationToken ct)
    {
        if (TrackingRegister.Validate(from, to) is { } problem)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["from"] = [problem] });
        }
        var book = await register.ReadAsync(user.AgencyId(), from!.Value, to!.Value, ct);
        var (content, type) = await write(book);
        return TypedResults.File(content, type, $"so-theo-doi-ho-so-{from:yyyyMMdd}-{to:yyyyMMdd}.{extension}");
    }
}
