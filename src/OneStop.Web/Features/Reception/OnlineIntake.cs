using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Reception;

/// <summary>
/// Online submissions from the national portal wait as "Mới đăng ký" (1) until a reception officer accepts them (2),
/// asks for supplements (5, form 02) or refuses them (3, form 03). The same slips serve the counter, where nothing
/// is registered when the dossier is incomplete or ineligible.
/// </summary>
public static class OnlineIntake
{
    public sealed record Decision(string? Reason, IReadOnlyList<SlipItemInput>? Items);

    public sealed record QueueItem(Guid Id, string ProcedureCode, string ProcedureName, string OwnerName, DateTimeOffset SubmittedAt,
        DossierStatus Status, string? PortalReference, int DocumentCount, uint RowVersion);

    public sealed record SlipIssued(Guid Id, SlipKind Kind, int Number, string FormUrl);

    public static IEndpointRouteBuilder MapOnlineIntake(this IEndpointRouteBuilder app)
    {
        var reception = app.MapGroup("/api").WithTags("Tiếp nhận hồ sơ").RequireAuthorization(p => p.RequireRole(Roles.Reception));
        reception.MapPost("/intake", IntakeAsync)
            .WithSummary("Hồ sơ nộp trực tuyến từ Cổng Dịch vụ công quốc gia; Idempotency-Key (mã hồ sơ trên Cổng) là bắt buộc.");
        reception.MapGet("/intake/queue", QueueAsync).WithSummary("Hồ sơ trực tuyến chờ tiếp nhận của cơ quan.");
        reception.MapPost("/dossiers/{id:guid}/actions/accept", AcceptAsync).WithSummary("Tiếp nhận hồ sơ trực tuyến (trạng thái 1 → 2).");
        // request-supplement and refuse on a waiting submission go through POST /api/dossiers/{id}/actions/{action} (ProcessingApi).
        reception.MapPost("/slips/{kind}", CounterSlipAsync)
            .WithSummary("Tại quầy, không tiếp nhận: phiếu hướng dẫn bổ sung (supplement, mẫu 02) hoặc phiếu từ chối (refusal, mẫu 03).");
        app.MapGet("/api/slips/{id:guid}/form.pdf", SlipPdfAsync).RequireAuthorization().WithTags("Tiếp nhận hồ sơ");
        app.MapGet("/api/dossiers/{id:guid}/forms/{form}.pdf", DossierSlipPdfAsync).RequireAuthorization().WithTags("Tiếp nhận hồ sơ")
            .WithSummary("Mẫu 02 (supplement) hoặc mẫu 03 (refusal) đã cấp cho hồ sơ.");
        return app;
    }

    private static async Task<IResult> IntakeAsync(RegisterDossierRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user, RegisterDossierHandler handler, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["idempotencyKey"] = ["Thiếu tiêu đề Idempotency-Key (mã hồ sơ trên Cổng Dịch vụ công quốc gia)."],
            });
        }
        var outcome = await handler.HandleAsync(request, user, idempotencyKey.Trim(), ct, online: true);
        return outcome switch
        {
            RegisterDossierHandler.Registered { Response.Replayed: true } r => TypedResults.Ok(r.Response),
            RegisterDossierHandler.Registered r => TypedResults.Created($"/api/dossiers/{r.Response.Id}", r.Response),
            RegisterDossierHandler.Invalid i => Problems.Validation(i.Errors),
            _ => throw new InvalidOperationException(),
        };
    }

    private static async Task<Ok<List<QueueItem>>> QueueAsync(ClaimsPrincipal user, OneStopDbContext db, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        return TypedResults.Ok(await Queue(db, agencyId).ToListAsync(ct));
    }

    public static IQueryable<QueueItem> Queue(OneStopDbContext db, Guid agencyId) =>
        db.Dossiers.AsNoTracking()
            .Where(d => d.AgencyId == agencyId && d.Status == DossierStatus.Submitted)
            .OrderBy(d => d.SubmittedAt)
            .Select(d => new QueueItem(d.Id, d.ProcedureCode, d.ProcedureName, d.Owner.FullName, d.SubmittedAt, d.Status,
                d.IdempotencyKey, d.Documents.Count, d.RowVersion));

    private static Task<IResult> AcceptAsync(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user,
        IntakeDecisions decisions, CancellationToken ct) => decisions.AcceptAsync(id, ifMatch, user, ct);

    private static async Task<IResult> CounterSlipAsync(string kind, SlipRequest request, ClaimsPrincipal user, SlipService slips, CancellationToken ct)
    {
        SlipKind? parsed = kind switch { "supplement" => SlipKind.Supplement, "refusal" => SlipKind.Refusal, _ => null };
        if (parsed is null)
        {
            return Problems.NotFound($"loại phiếu '{kind}'");
        }
        return await slips.IssueAsync(parsed.Value, request, user, dossierId: null, ct) switch
        {
            SlipService.Issued i => TypedResults.Created($"/api/slips/{i.Slip.Id}/form.pdf",
                new SlipIssued(i.Slip.Id, i.Slip.Kind, i.Slip.Number, $"/api/slips/{i.Slip.Id}/form.pdf")),
            SlipService.Invalid v => Problems.Validation(v.Errors),
            _ => throw new InvalidOperationException(),
        };
    }

    private static async Task<IResult> SlipPdfAsync(Guid id, ClaimsPrincipal user, SlipService slips, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        return await slips.RenderAsync(id, agencyId, ct) is { } pdf
            ? TypedResults.File(pdf, "application/pdf", $"phieu-{id}.pdf")
            : Problems.NotFound("phiếu");
    }

    private static async Task<IResult> DossierSlipPdfAsync(Guid id, string form, ClaimsPrincipal user, OneStopDbContext db, SlipService slips, CancellationToken ct)
    {
        SlipKind? kind = form switch { "supplement" => SlipKind.Supplement, "refusal" => SlipKind.Refusal, _ => null };
        var agencyId = user.AgencyId();
        var slip = kind is null ? null : await db.CounterSlips.AsNoTracking()
            .Where(s => s.DossierId == id && s.AgencyId == agencyId && s.Kind == kind).OrderByDescending(s => s.IssuedAt).FirstOrDefaultAsync(ct);
        return slip is null
            ? Problems.NotFound($"biểu mẫu '{form}' của hồ sơ")
            : TypedResults.File(await slips.RenderAsync(slip, ct), "application/pdf", $"{form}-{id}.pdf");
    }
}

/// <summary>The desk's decisions on an online submission, each guarded by the row version (If-Match).</summary>
public sealed class IntakeDecisions(OneStopDbContext db, DefinitionCatalog catalog, RegisterDossierHandler handler, SlipService slips, TimeProvider clock)
{
    /// <summary>An online submission of the caller's agency still waiting for the desk (status 1).</summary>
    public Task<bool> IsWaitingAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        return db.Dossiers.AnyAsync(d => d.Id == id && d.AgencyId == agencyId && d.Status == DossierStatus.Submitted, ct);
    }

    public async Task<IResult> AcceptAsync(Guid id, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        var (dossier, problem) = await LoadAsync(id, ifMatch, user, ct);
        if (dossier is null)
        {
            return problem!;
        }
        var definition = catalog.Find(dossier.ProcedureCode, dossier.ProcedureVersion) ?? catalog.Find(dossier.ProcedureCode)!;
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == dossier.AgencyId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pin = await handler.AcceptAsync(dossier, agency, definition, user.OfficerId(), clock.GetUtcNow(), "Accepted",
            "Tiếp nhận hồ sơ nộp trực tuyến sau khi kiểm tra đầy đủ", ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await handler.NumberAsync(dossier, agency, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict();
        }
        return TypedResults.Ok(handler.Response(dossier, pin, replayed: false));
    }

    public async Task<IResult> SlipAsync(Guid id, SlipKind kind, OnlineIntake.Decision body, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        var (dossier, problem) = await LoadAsync(id, ifMatch, user, ct);
        if (dossier is null)
        {
            return problem!;
        }
        var items = body.Items;
        if (kind == SlipKind.Supplement && (items is null || items.Count == 0))
        {
            // By default ask for every mandatory document the submission lacks, all at once.
            var definition = catalog.Find(dossier.ProcedureCode, dossier.ProcedureVersion) ?? catalog.Find(dossier.ProcedureCode)!;
            items = SlipService.Missing(definition, dossier.Documents.Select(d => new DocumentInput(d.DocumentKey, d.Originals, d.Certified, d.Photocopies)));
        }
        var person = dossier.Submitter ?? dossier.Owner;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await slips.IssueAsync(kind, new SlipRequest(dossier.ProcedureCode,
            new PersonInput(person.FullName, person.IdNumber, person.Phone, person.Email, person.Address), items, body.Reason), user, dossier.Id, ct);
        if (outcome is SlipService.Invalid invalid)
        {
            return Problems.Validation(invalid.Errors);
        }
        var slip = ((SlipService.Issued)outcome).Slip;
        var from = dossier.Status;
        var now = clock.GetUtcNow();
        dossier.Status = kind == SlipKind.Supplement ? DossierStatus.SupplementRequested : DossierStatus.NotAccepted;
        if (dossier.Status == DossierStatus.NotAccepted)
        {
            dossier.ClosedAt = now;
        }
        db.Audit(dossier, now, user.OfficerId(), kind == SlipKind.Supplement ? "SupplementRequested" : "NotAccepted", from, slip.Reason);
        db.Publish(dossier, kind == SlipKind.Supplement ? DossierEventTypes.SupplementRequested : DossierEventTypes.NotAccepted, now,
            user.OfficerId(), e => e with { Reason = slip.Reason });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict();
        }
        var form = kind == SlipKind.Supplement ? "supplement" : "refusal";
        return TypedResults.Ok(new OnlineIntake.SlipIssued(slip.Id, slip.Kind, slip.Number, $"/api/dossiers/{dossier.Id}/forms/{form}.pdf"));
    }

    private async Task<(Dossier? Dossier, IResult? Problem)> LoadAsync(Guid id, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        var dossier = await db.Dossiers.Include(d => d.Documents).SingleOrDefaultAsync(d => d.Id == id && d.AgencyId == agencyId, ct);
        if (dossier is null)
        {
            return (null, Problems.NotFound("hồ sơ"));
        }
        if (dossier.Status != DossierStatus.Submitted)
        {
            return (null, Problems.Problem(StatusCodes.Status409Conflict, "invalid-state",
                "Hồ sơ không còn ở trạng thái chờ tiếp nhận.", $"Trạng thái hiện tại: {(int)dossier.Status}."));
        }
        if (ifMatch is not null)
        {
            if (!uint.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' '), out var expected) || expected != dossier.RowVersion)
            {
                return (null, Conflict());
            }
            // Make EF check the version the caller saw, not only the one just read.
            db.Entry(dossier).Property(d => d.RowVersion).OriginalValue = expected;
        }
        return (dossier, null);
    }

    private static IResult Conflict() => Problems.Problem(StatusCodes.Status409Conflict, "conflict",
        "Hồ sơ đã được cập nhật bởi người khác. Vui lòng tải lại và thử lại.");
}
