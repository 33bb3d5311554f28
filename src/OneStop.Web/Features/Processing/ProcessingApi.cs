using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Reception;
using OneStop.Web.Features.Returns;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Processing;

/// <summary>
/// The dossier as officers work on it: detail, lists (inbox, queues), what the caller may do now, and doing it.
/// Online submissions still waiting for the desk (status 1) are answered by <see cref="OnlineIntake"/>.
/// </summary>
public static class ProcessingApi
{
    public static IServiceCollection AddProcessing(this IServiceCollection services) => services
        .AddMemoryCache()
        .AddScoped<DossierWorkflow>()
        .AddScoped<DossierActions>()
        .AddScoped<DossierQueries>();

    public static IEndpointRouteBuilder MapProcessing(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dossiers").WithTags("Xử lý hồ sơ").RequireAuthorization();
        group.MapGet("/", ListAsync)
            .WithSummary("Danh sách hồ sơ đang xử lý của cơ quan theo bước đang mở, hạn bước sớm nhất trước. mine=true: hồ sơ của tôi.");
        group.MapGet("/{id:guid}", DetailAsync)
            .WithSummary("Chi tiết hồ sơ: người nộp, giấy tờ, các bước với cán bộ và thời gian, tạm dừng, văn bản, nhật ký, thao tác được phép. ETag = phiên bản.");
        group.MapGet("/{id:guid}/actions", ActionsAsync)
            .WithSummary("Các thao tác người gọi được thực hiện với hồ sơ ngay lúc này.");
        group.MapGet("/{id:guid}/candidates", CandidatesAsync)
            .WithSummary("Cán bộ có thể được phân công bước hiện tại, kèm số bước đang giữ.");
        group.MapPost("/{id:guid}/actions/{action}", ActAsync)
            .DisableAntiforgery()
            .WithSummary("Thực hiện một thao tác (complete-step, send-back, request-supplement, receive-supplement, refuse, transfer-to-partner, "
                + "receive-from-partner, approve, return-for-rework, request-extension, approve-extension, reject-extension, withdraw, assign). "
                + "If-Match: phiên bản hồ sơ (sai → 409). Idempotency-Key: gửi lại không làm hai lần.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<DossierListItem>>> ListAsync([AsParameters] DossierFilterQuery query, ClaimsPrincipal user,
        DossierQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(user, query.ToFilter(), ct));

    private static async Task<Results<Ok<DossierDetail>, ProblemHttpResult>> DetailAsync(Guid id, ClaimsPrincipal user, HttpContext http,
        OneStopDbContext db, DossierQueries queries, CancellationToken ct)
    {
        var loaded = await DossierRows.ReadAsync(db, user.AgencyId(), id, DossierRows.Parts.Documents | DossierRows.Parts.Audit, ct);
        if (loaded.Dossier is not { } dossier)
        {
            return Problems.NotFound("hồ sơ");
        }
        SetETag(http, dossier.RowVersion);
        return TypedResults.Ok(await queries.DetailAsync(dossier, loaded.Audit, user, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<ActionView>>, ProblemHttpResult>> ActionsAsync(Guid id, ClaimsPrincipal user,
        HttpContext http, DossierWorkflow workflow, OneStopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var dossier = (await DossierRows.ReadAsync(db, user.AgencyId(), id, DossierRows.Parts.None, ct)).Dossier;
        if (dossier is null)
        {
            return Problems.NotFound("hồ sơ");
        }
        SetETag(http, dossier.RowVersion);
        var allowed = workflow.Allowed(dossier, await workflow.ActorAsync(user, ct), await workflow.CalendarOfAsync(dossier.AgencyId, ct), clock.GetUtcNow());
        return TypedResults.Ok<IReadOnlyList<ActionView>>([.. allowed.Select(a => new ActionView(ActionNames.Slug(a), ActionNames.Label(a)))]);
    }

    private static async Task<Results<Ok<IReadOnlyList<OfficerLoad>>, ProblemHttpResult>> CandidatesAsync(Guid id, ClaimsPrincipal user,
        DossierWorkflow workflow, OneStopDbContext db, CancellationToken ct)
    {
        var dossier = (await DossierRows.ReadAsync(db, user.AgencyId(), id, DossierRows.Parts.None, ct)).Dossier;
        if (dossier?.CurrentStepKey is null || DossierWorkflow.OpenStep(dossier) is not { } open)
        {
            return Problems.NotFound("bước đang xử lý của hồ sơ");
        }
        var step = workflow.DefinitionOf(dossier).Step(dossier.CurrentStepKey);
        return TypedResults.Ok(await workflow.CandidatesAsync(open.UnitId, step.Role, ct));
    }

    private static async Task<IResult> ActAsync(Guid id, string action, [FromBody] ActionInput? input,
        [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext http, DossierActions actions, IntakeDecisions intake, CancellationToken ct)
    {
        input ??= new ActionInput();
        uint? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            if (!ReturnsApi.TryParseETag(ifMatch, out var version))
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["If-Match"] = ["Phiên bản hồ sơ (If-Match) không hợp lệ."] });
            }
            expected = version;
        }
        if (ActionNames.Parse(action) is not { } parsed)
        {
            return Problems.Problem(StatusCodes.Status404NotFound, "unknown-action", $"Không có thao tác “{action}”.");
        }
        // An online submission not yet accepted is answered by the desk's intake (form 02 / form 03 without registering it).
        if (parsed is Workflows.Engine.WorkflowAction.RequestSupplement or Workflows.Engine.WorkflowAction.Refuse
            && await intake.IsWaitingAsync(id, http.User, ct))
        {
            if (!http.User.IsInRole(Organisation.Roles.Reception))
            {
                return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Chỉ bộ phận tiếp nhận và trả kết quả xử lý hồ sơ nộp trực tuyến chờ tiếp nhận.");
            }
            return await intake.SlipAsync(id, parsed == Workflows.Engine.WorkflowAction.Refuse ? SlipKind.Refusal : SlipKind.Supplement,
                new OnlineIntake.Decision(input.Reason, input.Items), ifMatch, http.User, ct);
        }
        var outcome = await actions.ExecuteAsync(http.User, id, parsed, input,
            expected, string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim(), ct);
        return outcome.Kind switch
        {
            ActionOutcomeKind.Done or ActionOutcomeKind.Replayed => Json(http, outcome.Response!, outcome.RowVersion),
            ActionOutcomeKind.NotFound => Problems.NotFound("hồ sơ"),
            ActionOutcomeKind.Stale => Problems.Problem(StatusCodes.Status409Conflict, "conflict", outcome.Message!),
            ActionOutcomeKind.Forbidden => Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Bạn không có quyền thực hiện thao tác này.", outcome.Message),
            ActionOutcomeKind.NotApplicable => Problems.Problem(StatusCodes.Status409Conflict, "invalid-state", outcome.Message!),
            ActionOutcomeKind.Invalid => Problems.Validation(outcome.Errors ?? new Dictionary<string, string[]> { ["input"] = [outcome.Message!] }),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>The stored JSON answer, with the version it gives as ETag (read from the answer when not known, as for a replay).</summary>
    private static IResult Json(HttpContext http, string body, uint? rowVersion)
    {
        if (rowVersion is null)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("rowVersion", out var v) && v.TryGetUInt32(out var version))
            {
                rowVersion = version;
            }
        }
        if (rowVersion is { } known)
        {
            SetETag(http, known);
        }
        return TypedResults.Content(body, "application/json; charset=utf-8");
    }

    private static void SetETag(HttpContext http, uint version) =>
        http.Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}

/// <summary>Query string of <c>GET /api/dossiers</c>.</summary>
public sealed record DossierFilterQuery(bool? Mine, Guid? Assignee, Guid? Unit, string? Procedure, DossierStatus? Status, bool? Overdue,
    bool? DueSoon, string? Q, int? Take)
{
    public DossierFilter ToFilter() => new()
    {
        Mine = Mine ?? false, Assignee = Assignee, Unit = Unit, Procedure = Procedure, Status = Status, Overdue = Overdue ?? false,
        DueSoon = DueSoon ?? false, Q = Q, Take = Take ?? 100,
    };
}
