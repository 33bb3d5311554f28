using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OneStop.Web.Features.Lookup;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Returns;

/// <summary>The desk records that a finished dossier's result was handed over (status 9 → 10).</summary>
public static class ReturnsApi
{
    public sealed record ReturnResponse(Guid Id, string Code, int StatusCode, string Status, DateTimeOffset ReturnedAt, uint RowVersion);

    public static IServiceCollection AddReturns(this IServiceCollection services) => services.AddScoped<ReturnResult>();

    public static IEndpointRouteBuilder MapReturns(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dossiers/{id:guid}/actions/return", ReturnAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.Reception))
            .DisableAntiforgery()
            .WithTags("Trả kết quả")
            .WithSummary("Ghi nhận đã trả kết quả cho hồ sơ Đã xử lý xong. If-Match (phiên bản hồ sơ) tùy chọn; sai phiên bản → 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<Results<Ok<ReturnResponse>, ValidationProblem, ProblemHttpResult>> ReturnAsync(
        Guid id, ReturnInput input, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, ReturnResult returns,
        CancellationToken ct)
    {
        if (ReturnResult.AgencyOf(http.User) is not { } agency)
        {
            return Problems.NotFound("hồ sơ");
        }
        uint? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            if (!TryParseETag(ifMatch, out var version))
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["If-Match"] = ["Phiên bản hồ sơ (If-Match) không hợp lệ."] });
            }
            expected = version;
        }
        var outcome = await returns.ReturnAsync(http.User, id, expected, input, ct);
        switch (outcome.Kind)
        {
            case ReturnOutcomeKind.Returned:
                var d = outcome.Dossier!;
                http.Response.Headers.ETag = $"\"{d.RowVersion.ToString(CultureInfo.InvariantCulture)}\"";
                return TypedResults.Ok(new ReturnResponse(d.Id, d.Code!, (int)d.Status, DossierStatusText.Name(d.Status), d.ReturnedAt!.Value, d.RowVersion));
            case ReturnOutcomeKind.Invalid:
                return Problems.Validation(outcome.Errors!);
            case ReturnOutcomeKind.Stale:
                return Problems.Problem(StatusCodes.Status409Conflict, "conflict", ReturnResult.StaleMessage);
            case ReturnOutcomeKind.Forbidden:
                return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Bạn không có quyền thực hiện thao tác này.", outcome.Errors!["dossier"][0]);
            case ReturnOutcomeKind.WrongStatus:
                return Problems.Problem(StatusCodes.Status409Conflict, "invalid-status",
                    $"Hồ sơ đang ở trạng thái \"{DossierStatusText.Name(outcome.Dossier!.Status)}\", chỉ trả kết quả cho hồ sơ \"Đã xử lý xong\".");
            default:
                return Problems.NotFound("hồ sơ");
        }
    }

    /// <summary>Accepts <c>"123"</c>, <c>W/"123"</c> or a bare <c>123</c>.</summary>
    public static bool TryParseETag(string value, out uint version)
    {
        var text = value.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        return uint.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
