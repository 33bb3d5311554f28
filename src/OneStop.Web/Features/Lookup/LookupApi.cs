using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using OneStop.Web.Data;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Lookup;

/// <summary>Public dossier lookup by code + PIN, and the citizen's rating. Anonymous, rate-limited per client.</summary>
public static class LookupApi
{
    public const string RateLimitPolicy = "lookup";

    /// <summary>Rating body: <c>rating</c> is "VerySatisfied" | "Satisfied" | "Unsatisfied" or 1 | 2 | 3.</summary>
    public sealed record RatingRequest(string? Code, string? Pin, JsonElement? Rating, string? Comment);

    public sealed record RatingResponse(string Code, string Rating, DateTimeOffset RatedAt);

    public static IServiceCollection AddLookup(this IServiceCollection services)
    {
        services.AddOptions<LookupOptions>().BindConfiguration(LookupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<LookupService>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.AddPolicy(RateLimitPolicy, ctx =>
            {
                // Showing the empty form costs nothing; only attempts (API calls, page POSTs) are limited.
                if (HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Path.StartsWithSegments("/api"))
                {
                    return RateLimitPartition.GetNoLimiter("form");
                }
                var limits = ctx.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LookupOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapLookup(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/lookup").WithTags("Tra cứu hồ sơ").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        group.MapGet("/", LookupAsync)
            .WithSummary("Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu (6 chữ số in trên giấy tiếp nhận).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/rating", RateAsync)
            .DisableAntiforgery()
            .WithSummary("Công dân đánh giá mức độ hài lòng sau khi nhận kết quả (một lần cho mỗi hồ sơ).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static ProblemHttpResult NotFound() =>
        Problems.Problem(StatusCodes.Status404NotFound, "lookup-not-found", LookupService.NotFoundTitle);

    private static async Task<Results<Ok<LookupView>, ValidationProblem, ProblemHttpResult>> LookupAsync(
        string? code, string? pin, LookupService lookup, CancellationToken ct)
    {
        var normalised = LookupService.NormaliseCode(code);
        var errors = LookupService.Validate(normalised, pin);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var dossier = await lookup.FindAsync(normalised, pin!, ct);
        return dossier is null ? NotFound() : TypedResults.Ok(LookupService.ToView(dossier));
    }

    private static async Task<Results<Ok<RatingResponse>, ValidationProblem, ProblemHttpResult>> RateAsync(
        RatingRequest request, LookupService lookup, OneStopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var code = LookupService.NormaliseCode(request.Code);
        var errors = LookupService.Validate(code, request.Pin);
        var ratingText = request.Rating is { ValueKind: JsonValueKind.String or JsonValueKind.Number } r
            ? r.ValueKind == JsonValueKind.String ? TextOf(r) : r.GetRawText()
            : null;
        if (!LookupService.TryParseRating(ratingText, out var rating))
        {
            errors["rating"] = ["Vui lòng chọn mức độ hài lòng: Rất hài lòng, Hài lòng hoặc Không hài lòng."];
        }
        if (DossierRating.CleanComment(request.Comment) is { Length: > LookupService.MaxCommentLength })
        {
            errors["comment"] = [$"Góp ý tối đa {LookupService.MaxCommentLength} ký tự."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var dossier = await lookup.FindAsync(code, request.Pin!, ct);
        if (dossier is null)
        {
            return NotFound();
        }
        var now = clock.GetUtcNow();
        return await DossierRating.RateAsync(db, dossier, rating, request.Comment, actorId: null, reason: null, now, ct) switch
        {
            RatingOutcome.Rated => TypedResults.Ok(new RatingResponse(dossier.Code!, rating.ToString(), now)),
            RatingOutcome.NotReturned => Problems.Problem(StatusCodes.Status409Conflict, "not-returned", DossierRating.NotReturnedTitle),
            _ => Problems.Problem(StatusCodes.Status409Conflict, "already-rated", DossierRating.AlreadyRatedTitle),
        };
    }

    /// <summary>The string, or null when it holds a lone surrogate (which is no text).</summary>
    private static string? TextOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = Problems.TitleFor(StatusCodes.Status429TooManyRequests),
            Type = Problems.TypePrefix + Problems.TypeFor(StatusCodes.Status429TooManyRequests),
        };
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await writer.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            return;
        }
        // A person on the page: a short readable page rather than JSON.
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{problem.Title}</title></head>" +
            $"<body><h1>{problem.Title}</h1><p><a href=\"/lookup\">Quay lại trang tra cứu hồ sơ</a></p></body></html>", ct);
    }
}
