using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Reception;

public static class ReceptionApi
{
    public static IEndpointRouteBuilder MapReception(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dossiers").WithTags("Tiếp nhận hồ sơ");
        group.MapPost("/", RegisterAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.Reception))
            .WithSummary("Tiếp nhận hồ sơ đầy đủ tại quầy: cấp mã hồ sơ, ngày hẹn trả, mã tra cứu. Gửi Idempotency-Key để bấm trùng không tạo hai hồ sơ.")
            .Produces<RegisterDossierResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}/forms/receipt.pdf", ReceiptAsync)
            .RequireAuthorization()
            .WithSummary("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF). Tham số t (từ kết quả tiếp nhận) để in mã tra cứu.");
        return app;
    }

    private static async Task<Results<Created<RegisterDossierResponse>, Ok<RegisterDossierResponse>, ValidationProblem>> RegisterAsync(
        RegisterDossierRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user, RegisterDossierHandler handler, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(request, user, string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim(), ct);
        return outcome switch
        {
            RegisterDossierHandler.Registered { Response.Replayed: true } r => TypedResults.Ok(r.Response),
            RegisterDossierHandler.Registered r => TypedResults.Created($"/api/dossiers/{r.Response.Id}", r.Response),
            RegisterDossierHandler.Invalid i => Problems.Validation(i.Errors),
            _ => throw new InvalidOperationException(),
        };
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiptAsync(
        Guid id, string? t, ClaimsPrincipal user, OneStopDbContext db, DefinitionCatalog catalog, FormRenderer renderer,
        IDataProtectionProvider protection, IOptions<OneStopOptions> options, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Documents)
            .SingleOrDefaultAsync(d => d.Id == id && d.AgencyId == agencyId && d.Code != null, ct);
        if (dossier is null)
        {
            return Problems.NotFound("hồ sơ");
        }
        var agency = await db.Agencies.AsNoTracking().Include(a => a.Units).SingleAsync(a => a.Id == dossier.AgencyId, ct);
        var officer = await db.Users.AsNoTracking().Where(o => o.Id == dossier.ReceivedById).Select(o => o.FullName).SingleOrDefaultAsync(ct);
        var definition = catalog.Find(dossier.ProcedureCode, dossier.ProcedureVersion) ?? catalog.Find(dossier.ProcedureCode);
        var pin = ReceiptTokens.PinFrom(protection, dossier.Id, t) ?? "(đã in trên giấy tiếp nhận lần đầu)";
        var pdf = renderer.Render(ReceiptOf(dossier, agency, officer ?? "", definition, pin, options.Value.PublicBaseUrl));
        return TypedResults.File(pdf, "application/pdf", $"giay-tiep-nhan-{dossier.Code}.pdf");
    }

    internal static FormHeader HeaderOf(Agency agency, string number, DateTimeOffset issuedAt)
    {
        var desk = agency.Units.FirstOrDefault(u => u.Function == "one-stop")?.Name ?? "Bộ phận tiếp nhận và trả kết quả";
        return new FormHeader(agency.ParentName ?? agency.Name.ToUpper(CultureInfo.GetCultureInfo("vi-VN")),
            desk.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), $"{desk} {agency.PlaceName}", agency.PlaceName, number, issuedAt);
    }

    internal static ReceiptForm ReceiptOf(Dossier d, Agency agency, string officer, ProcedureDefinition? definition, string pin, string baseUrl) => new(
        HeaderOf(agency, $"{d.RegisterNumber}/TNHS", d.ReceivedAt!.Value),
        d.Code!,
        new RegisterReference(d.RegisterYear!.Value.ToString(CultureInfo.InvariantCulture), d.RegisterNumber!.Value.ToString(CultureInfo.InvariantCulture)),
        FormPersonOf(d.Submitter ?? d.Owner),
        d.Submitter is null ? null : FormPersonOf(d.Owner),
        d.Channel switch { Channel.Counter => "Trực tiếp", Channel.Online => "Trực tuyến", Channel.Postal => "Bưu chính công ích" },
        d.ProcedureName,
        [.. d.Documents.Select(x => new FormDocumentLine(x.Name, x.Originals, x.Certified, x.Photocopies))],
        d.SetCount,
        definition is null ? "" : ProcedureText.TimeLimit(definition.TimeLimit),
        d.ReceivedAt!.Value,
        d.AppointmentAt!.Value,
        d.ResultDelivery switch
        {
            ResultDelivery.Desk => HeaderOf(agency, "", d.ReceivedAt!.Value).DeskNameInSentence,
            ResultDelivery.Post => "Tại nhà, qua dịch vụ bưu chính công ích",
            ResultDelivery.Electronic => "Bản điện tử trên Cổng Dịch vụ công quốc gia / VNeID",
        },
        d.Fee > 0 ? d.Fee : null,
        pin,
        new Uri($"{baseUrl.TrimEnd('/')}/lookup?code={Uri.EscapeDataString(d.Code!)}"),
        officer);

    internal static FormPerson FormPersonOf(Person p) => new(p.FullName, p.IdNumber, p.Address, p.Phone, p.Email);
}
