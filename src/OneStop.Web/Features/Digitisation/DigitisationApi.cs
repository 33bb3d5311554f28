using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Returns;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Digitisation;

/// <summary>Scans of a dossier's documents (upload, download) and reuse of a citizen's earlier scans.</summary>
public static class DigitisationApi
{
    /// <summary>Room for the multipart boundaries and headers around the file itself.</summary>
    public const long FormOverhead = 64 * 1024;

    public const string FileField = "file";

    public sealed record ScanResponse(string DocumentKey, Guid FileId, string Sha256, long Size, string ContentType, Guid? ReusedFromDocumentId);

    public sealed record ResultFileResponse(Guid FileId, string FileName, string Sha256, long Size, DateTimeOffset UploadedAt);

    public sealed record ReuseInput(Guid? DocumentId);

    public static IServiceCollection AddDigitisation(this IServiceCollection services)
    {
        services.AddOptions<DigitisationOptions>().BindConfiguration(DigitisationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FileStore>();
        services.AddScoped<DigitisationService>();
        return services;
    }

    public static IEndpointRouteBuilder MapDigitisation(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<DigitisationOptions>>().Value.MaxFileBytes;
        var api = app.MapGroup("/api")
            .RequireAuthorization(p => p.RequireRole(Roles.Reception, Roles.Specialist))
            .WithTags("Số hóa giấy tờ");
        api.MapPost("/dossiers/{id:guid}/documents/{key}/scan", UploadAsync)
            .DisableAntiforgery()
            // Kestrel stops reading a body far beyond the limit instead of buffering it; the handler answers 413.
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + FormOverhead))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Số hóa giấy tờ của hồ sơ: tải lên bản quét (trường file; PDF, JPEG hoặc PNG, nhận biết theo nội dung). Tải lại thì thay bản cũ.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/dossiers/{id:guid}/documents/{key}/scan", DownloadAsync)
            .WithSummary("Tải bản số hóa của giấy tờ trong hồ sơ.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/dossiers/{id:guid}/result-file", UploadResultAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + FormOverhead))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Số hóa kết quả: đính kèm kết quả giải quyết điện tử (trường file, PDF) vào hồ sơ đã có kết quả hoặc đã trả kết quả. Tải lại thì thay bản cũ.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/dossiers/{id:guid}/result-file", DownloadResultAsync)
            .WithSummary("Tải kết quả giải quyết điện tử của hồ sơ.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/citizens/{idNumber}/documents", CitizenDocumentsAsync)
            .WithSummary("Giấy tờ đã số hóa của công dân (theo số CCCD) trong các hồ sơ trước tại cơ quan, để tái sử dụng.")
            .ProducesValidationProblem();
        api.MapPost("/dossiers/{id:guid}/documents/{key}/reuse", ReuseAsync)
            .DisableAntiforgery()
            .WithSummary("Tái sử dụng giấy tờ đã số hóa của hồ sơ khác cùng công dân, cùng cơ quan, cùng loại giấy tờ (cùng mã hoặc cùng tên).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Reads the multipart form within the size limit; null and a problem when it cannot.</summary>
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpContext http, long maxBytes, CancellationToken ct)
    {
        var tooLarge = Problems.Problem(StatusCodes.Status413PayloadTooLarge, "too-large", DigitisationService.TooLargeText(maxBytes));
        if (!http.Request.HasFormContentType)
        {
            return (null, Problems.Validation(new Dictionary<string, string[]> { [FileField] = ["Vui lòng gửi tệp dạng multipart/form-data trong trường \"file\"."] }));
        }
        if (http.Request.ContentLength > maxBytes + FormOverhead)
        {
            return (null, tooLarge);
        }
        try
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = maxBytes + 1 }));
            return (await http.Request.ReadFormAsync(ct), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, tooLarge);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Problems.Problem(StatusCodes.Status400BadRequest, "bad-form", "Dữ liệu tải lên không đọc được. Vui lòng chọn lại tệp và gửi lại."));
        }
    }

    private static Task<IResult> UploadAsync(Guid id, string key, HttpContext http, DigitisationService service, CancellationToken ct) =>
        WithFileAsync(http, service, "Vui lòng chọn tệp cần số hóa.", async (agency, file, content) => ToResult(
            await service.DigitiseAsync(agency, ReturnResult.OfficerOf(http.User), id, key, content, file.Length, file.FileName, ct), service), ct);

    /// <summary>The caller's agency and the uploaded file (within the size limit) for <paramref name="run"/>, or the problem.</summary>
    private static async Task<IResult> WithFileAsync(HttpContext http, DigitisationService service, string missingFile,
        Func<Guid, IFormFile, Stream, Task<IResult>> run, CancellationToken ct)
    {
        if (ReturnResult.AgencyOf(http.User) is not { } agency)
        {
            return Problems.NotFound("hồ sơ");
        }
        var (form, problem) = await ReadFormAsync(http, service.MaxFileBytes, ct);
        if (problem is not null)
        {
            return problem;
        }
        if (form!.Files.GetFile(FileField) is not { } file)
        {
            return Problems.Validation(new Dictionary<string, string[]> { [FileField] = [missingFile] });
        }
        await using var content = file.OpenReadStream();
        return await run(agency, file, content);
    }

    private static async Task<IResult> DownloadAsync(Guid id, string key, HttpContext http, DigitisationService service, CancellationToken ct) =>
        ReturnResult.AgencyOf(http.User) is { } agency && await service.OpenAsync(agency, id, key, ct) is { } scan
            ? Download(http, scan)
            : Problems.NotFound("bản số hóa của giấy tờ");

    private static Task<IResult> UploadResultAsync(Guid id, HttpContext http, DigitisationService service, CancellationToken ct) =>
        WithFileAsync(http, service, "Vui lòng chọn tệp kết quả điện tử (PDF).", async (agency, file, content) =>
        {
            var outcome = await service.AttachResultAsync(agency, ReturnResult.OfficerOf(http.User), id, content, file.Length, file.FileName, ct);
            return outcome.Kind == DigitiseOutcomeKind.Done
                ? TypedResults.Ok(new ResultFileResponse(outcome.File!.Id, outcome.File.FileName, outcome.File.Sha256, outcome.File.Size, outcome.File.UploadedAt))
                : ToResult(outcome, service);
        }, ct);

    private static async Task<IResult> DownloadResultAsync(Guid id, HttpContext http, DigitisationService service, CancellationToken ct) =>
        ReturnResult.AgencyOf(http.User) is { } agency && await service.OpenResultAsync(agency, id, ct) is { } result
            ? Download(http, result)
            : Problems.NotFound("kết quả điện tử của hồ sơ");

    private static IResult Download(HttpContext http, ScanDownload scan)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        // A citizen's file is never a page of ours: no scripts, no plugins, even if a browser renders it.
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(scan.Content, scan.ContentType, scan.FileName,
            entityTag: new EntityTagHeaderValue("\"" + scan.Sha256 + "\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> CitizenDocumentsAsync(string idNumber, HttpContext http, DigitisationService service, CancellationToken ct)
    {
        if (!DigitisationService.IsIdNumber(idNumber))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["idNumber"] = ["Số CCCD phải gồm đúng 12 chữ số."] });
        }
        if (ReturnResult.AgencyOf(http.User) is not { } agency)
        {
            return TypedResults.Ok(Array.Empty<CitizenDocument>());
        }
        return TypedResults.Ok(await service.CitizenDocumentsAsync(agency, idNumber, ct));
    }

    private static async Task<IResult> ReuseAsync(Guid id, string key, ReuseInput? input, HttpContext http, DigitisationService service,
        CancellationToken ct)
    {
        if (ReturnResult.AgencyOf(http.User) is not { } agency)
        {
            return Problems.NotFound("hồ sơ");
        }
        if (input?.DocumentId is not { } source || source == Guid.Empty)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["documentId"] = ["Vui lòng chọn giấy tờ đã số hóa cần dùng lại."] });
        }
        var outcome = await service.ReuseAsync(agency, ReturnResult.OfficerOf(http.User), id, key, source, ct);
        return ToResult(outcome, service);
    }

    private static IResult ToResult(DigitiseOutcome outcome, DigitisationService service) => outcome.Kind switch
    {
        DigitiseOutcomeKind.Done => TypedResults.Ok(new ScanResponse(outcome.Document!.DocumentKey, outcome.File!.Id, outcome.File.Sha256,
            outcome.File.Size, outcome.File.ContentType, outcome.Document.ReusedFromDocumentId)),
        DigitiseOutcomeKind.DossierNotFound => Problems.NotFound("hồ sơ"),
        DigitiseOutcomeKind.DocumentNotFound => Problems.NotFound("giấy tờ này trong hồ sơ"),
        DigitiseOutcomeKind.TooLarge => Problems.Problem(StatusCodes.Status413PayloadTooLarge, "too-large", service.TooLargeMessage),
        DigitiseOutcomeKind.Empty => Problems.Problem(StatusCodes.Status400BadRequest, "empty-file", outcome.Message!),
        DigitiseOutcomeKind.UnsupportedType => Problems.Problem(StatusCodes.Status400BadRequest, "unsupported-file-type", outcome.Message!),
        DigitiseOutcomeKind.NotPdf => Problems.Problem(StatusCodes.Status400BadRequest, "not-pdf", outcome.Message!),
        DigitiseOutcomeKind.ResultNotReady => Problems.Problem(StatusCodes.Status409Conflict, "result-not-ready", outcome.Message!),
        DigitiseOutcomeKind.Conflict => Problems.Problem(StatusCodes.Status409Conflict, "conflict", outcome.Message!),
        _ => Problems.Problem(StatusCodes.Status400BadRequest, "invalid-reuse-source", outcome.Message!),
    };
}
