using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Infrastructure;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Processing;

/// <summary>
/// The forms of processing (TT 03/2025/TT-VPCP): the approved apology and extension letter (mẫu 04), the stop notice
/// (mẫu 05) and the control sheet (mẫu 06), rendered from the dossier's letters and step rows. The caller's agency only.
/// </summary>
public static class FormsApi
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static IEndpointRouteBuilder MapProcessingForms(this IEndpointRouteBuilder app)
    {
        // Literal routes: they win over /api/dossiers/{id}/forms/{form}.pdf (forms 02, 03).
        var group = app.MapGroup("/api/dossiers/{id:guid}/forms").WithTags("Xử lý hồ sơ").RequireAuthorization();
        group.MapGet("/apology.pdf", ApologyAsync)
            .WithSummary("Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (văn bản đã được lãnh đạo duyệt gần nhất).");
        group.MapGet("/stop.pdf", StopAsync)
            .WithSummary("Mẫu 05 – Thông báo dừng giải quyết hồ sơ (đã duyệt).");
        group.MapGet("/control-sheet.pdf", ControlSheetAsync)
            .WithSummary("Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ: mỗi lần giao, nhận hồ sơ một dòng.");
        return app;
    }

    private static DossierLetter? LatestApproved(Dossier? dossier, LetterKind kind) =>
        dossier?.Letters.Where(l => l.Kind == kind && l.State == LetterState.Approved).OrderByDescending(l => l.DecidedAt).FirstOrDefault();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ApologyAsync(Guid id, ClaimsPrincipal user,
        OneStopDbContext db, DefinitionCatalog catalog, FormRenderer renderer, CancellationToken ct)
    {
        var dossier = await LoadAsync(db, user, id, ct);
        var letter = LatestApproved(dossier, LetterKind.Apology);
        if (dossier is null || letter is null)
        {
            return Problems.NotFound(dossier is null ? "hồ sơ" : "văn bản xin lỗi và đề nghị gia hạn đã được duyệt của hồ sơ");
        }
        var agency = await AgencyAsync(db, dossier.AgencyId, ct);
        var form = new ApologyForm(
            ReceptionApi.HeaderOf(agency, Number(letter, "PXL"), letter.DecidedAt ?? letter.DraftedAt),
            agency.Name,
            dossier.Code ?? "",
            ReceptionApi.FormPersonOf(dossier.Owner),
            dossier.ProcedureName,
            dossier.ReceivedAt ?? dossier.SubmittedAt,
            letter.OriginalAppointment ?? dossier.OriginalAppointmentAt ?? dossier.AppointmentAt ?? dossier.SubmittedAt,
            letter.Reason,
            letter.ProposedAppointment ?? dossier.AppointmentAt ?? dossier.SubmittedAt,
            Recipients(agency),
            await SignerAsync(db, letter.DecidedById, ct));
        return TypedResults.File(renderer.Render(form), "application/pdf", $"van-ban-xin-loi-{dossier.Code}.pdf");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> StopAsync(Guid id, ClaimsPrincipal user,
        OneStopDbContext db, DefinitionCatalog catalog, FormRenderer renderer, CancellationToken ct)
    {
        var dossier = await LoadAsync(db, user, id, ct);
        var letter = LatestApproved(dossier, LetterKind.Stop);
        if (dossier is null || letter is null)
        {
            return Problems.NotFound(dossier is null ? "hồ sơ" : "thông báo dừng giải quyết đã được duyệt của hồ sơ");
        }
        var agency = await AgencyAsync(db, dossier.AgencyId, ct);
        var names = new Names(agency, catalog, []);
        var stage = dossier.Steps.Where(s => s.StepKey == dossier.CurrentStepKey).MaxBy(s => s.Sequence)
            ?? dossier.Steps.MaxBy(s => s.Sequence);
        var form = new StopNoticeForm(
            ReceptionApi.HeaderOf(agency, Number(letter, "TBDG"), letter.DecidedAt ?? letter.DraftedAt),
            agency.Name,
            dossier.Code ?? "",
            ReceptionApi.FormPersonOf(dossier.Owner),
            dossier.ProcedureName,
            dossier.ReceivedAt ?? dossier.SubmittedAt,
            letter.DraftedAt,
            stage is null ? "Tiếp nhận hồ sơ" : $"{stage.Name} ({names.Unit(stage.UnitId, stage.UnitFunction)})",
            letter.DecidedAt ?? letter.DraftedAt,
            letter.Reason,
            Recipients(agency),
            await SignerAsync(db, letter.DecidedById, ct));
        return TypedResults.File(renderer.Render(form), "application/pdf", $"thong-bao-dung-{dossier.Code}.pdf");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ControlSheetAsync(Guid id, ClaimsPrincipal user,
        OneStopDbContext db, DefinitionCatalog catalog, FormRenderer renderer, CancellationToken ct)
    {
        var dossier = await LoadAsync(db, user, id, ct);
        if (dossier is null || dossier.Code is null || dossier.ReceivedAt is null)
        {
            return Problems.NotFound(dossier is null ? "hồ sơ" : "phiếu kiểm soát: hồ sơ chưa được tiếp nhận");
        }
        var agency = await AgencyAsync(db, dossier.AgencyId, ct);
        var partners = await db.Agencies.AsNoTracking().Include(a => a.Units).Where(a => a.Kind == AgencyKind.Partner).ToListAsync(ct);
        var names = new Names(agency, catalog, partners);
        var officerIds = dossier.Steps.SelectMany(s => new[] { s.AssigneeId, s.CompletedById }).OfType<Guid>().Distinct().ToList();
        var officers = await db.Users.AsNoTracking().Where(o => officerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.FullName, ct);
        var reasons = await db.AuditEntries.AsNoTracking().Where(a => a.DossierId == dossier.Id && a.Reason != null)
            .Select(a => new { a.At, a.StepKey, a.Reason }).ToListAsync(ct);
        var definition = catalog.Find(dossier.ProcedureCode, dossier.ProcedureVersion) ?? catalog.Find(dossier.ProcedureCode);

        string? Officer(Guid? officerId) => officerId is { } o && officers.TryGetValue(o, out var name) ? name : null;
        string? ReasonOf(DossierStep step) =>
            reasons.FirstOrDefault(r => r.At == step.CompletedAt && r.StepKey == step.StepKey)?.Reason;

        var steps = dossier.Steps.OrderBy(s => s.Sequence).ToList();
        var rows = new List<HandOver>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var (fromBody, fromPerson) = i == 0
                ? ("Người nộp hồ sơ", (dossier.Submitter ?? dossier.Owner).FullName)
                : (names.Unit(steps[i - 1].UnitId, steps[i - 1].UnitFunction), Officer(steps[i - 1].AssigneeId ?? steps[i - 1].CompletedById));
            rows.Add(new HandOver(fromBody, fromPerson, names.Unit(step.UnitId, step.UnitFunction), Officer(step.AssigneeId),
                step.StartedAt, step.DueAt, step.CompletedAt, Note(dossier, step, definition, names, ReasonOf(step))));
        }

        var plan = definition?.Steps ?? [];
        var form = new ControlSheetForm(
            ReceptionApi.HeaderOf(agency, "", dossier.ReceivedAt.Value),
            dossier.RegisterYear is { } year && dossier.RegisterNumber is { } number
                ? new RegisterReference(year.ToString(CultureInfo.InvariantCulture), number.ToString(CultureInfo.InvariantCulture))
                : null,
            dossier.Code,
            ReceptionApi.FormPersonOf(dossier.Owner),
            dossier.ProcedureName,
            dossier.ReceivedAt.Value,
            dossier.AppointmentAt ?? dossier.ReceivedAt.Value,
            [.. plan.Where(s => s.Kind is StepKind.Processing or StepKind.Approval or StepKind.Transfer)
                .Select(s => names.Unit(null, s.Unit)).Distinct()],
            [.. plan.Where(s => s.Partner is not null).Select(s => names.Partner(s.Partner!)).Distinct()],
            rows);
        return TypedResults.File(renderer.Render(form), "application/pdf", $"phieu-kiem-soat-{dossier.Code}.pdf");
    }

    /// <summary>GHI CHÚ of a row: partner hand-overs, send-backs with their reason, reassignment, supplements, closing.</summary>
    private static string? Note(Dossier dossier, DossierStep step, ProcedureDefinition? definition, Names names, string? reason)
    {
        var notes = new List<string>();
        if (step.SentToPartnerAt is { } sent)
        {
            var partner = definition?.Steps.FirstOrDefault(s => s.Key == step.StepKey)?.Partner;
            notes.Add((step.SentMode == TransferMode.Paper ? "Chuyển hồ sơ giấy" : "Chuyển điện tử")
                + (partner is null ? "" : " đến " + names.Partner(partner)) + " lúc " + Short(sent));
            if (step.BackFromPartnerAt is { } back)
            {
                notes.Add((step.BackMode == TransferMode.Paper ? "Nhận lại hồ sơ giấy" : "Nhận lại điện tử") + " lúc " + Short(back));
            }
        }
        foreach (var pause in dossier.Pauses.Where(p => p.StepKey == step.StepKey && p.StartedAt >= step.StartedAt
            && (step.CompletedAt is null || p.StartedAt <= step.CompletedAt)))
        {
            notes.Add("Yêu cầu bổ sung: " + pause.Reason);
        }
        switch (step.Outcome)
        {
            case StepOutcome.SentBack:
                notes.Add(string.IsNullOrWhiteSpace(reason) ? "Trả lại" : "Trả lại: " + reason);
                break;
            case StepOutcome.Reassigned:
                notes.Add("Chuyển cán bộ khác");
                break;
            case StepOutcome.Restarted:
                notes.Add("Giải quyết lại từ đầu sau khi nhận hồ sơ bổ sung");
                break;
            case StepOutcome.Refused:
                notes.Add(string.IsNullOrWhiteSpace(reason) ? "Từ chối giải quyết" : "Từ chối giải quyết: " + reason);
                break;
            case StepOutcome.Withdrawn:
                notes.Add("Dừng giải quyết theo yêu cầu của công dân");
                break;
        }
        return notes.Count == 0 ? null : string.Join("\n", notes);
    }

    private static string Short(DateTimeOffset instant) =>
        instant.ToOffset(VietnameseText.VietnamOffset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Number(DossierLetter letter, string suffix) =>
        letter.Number.ToString("00", CultureInfo.InvariantCulture) + "/" + suffix;

    private static IReadOnlyList<string> Recipients(Agency agency) =>
    [
        "Như trên;",
        (agency.Units.FirstOrDefault(u => u.Function == "one-stop")?.Name ?? "Bộ phận tiếp nhận và trả kết quả") + ";",
        "Lưu: VT, hồ sơ.",
    ];

    /// <summary>The leader who approved the letter: title in capitals above the signature, then the name.</summary>
    private static async Task<FormSigner> SignerAsync(OneStopDbContext db, Guid? officerId, CancellationToken ct)
    {
        var officer = officerId is null ? null : await db.Users.AsNoTracking().Where(o => o.Id == officerId)
            .Select(o => new { o.FullName, o.Title }).SingleOrDefaultAsync(ct);
        return new FormSigner(
            [string.IsNullOrWhiteSpace(officer?.Title) ? "THỦ TRƯỞNG CƠ QUAN" : officer.Title.ToUpper(Vietnamese)],
            officer?.FullName ?? "");
    }

    private static Task<Dossier?> LoadAsync(OneStopDbContext db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var agencyId = user.AgencyId();
        return db.Dossiers.AsNoTracking().AsSplitQuery().Include(d => d.Steps).Include(d => d.Letters).Include(d => d.Pauses)
            .SingleOrDefaultAsync(d => d.Id == id && d.AgencyId == agencyId, ct);
    }

    private static Task<Agency> AgencyAsync(OneStopDbContext db, Guid agencyId, CancellationToken ct) =>
        db.Agencies.AsNoTracking().Include(a => a.Units).SingleAsync(a => a.Id == agencyId, ct);

    /// <summary>Names of units: the commune's own unit, else the partner agency, else units.yaml, else the key.</summary>
    private sealed class Names(Agency agency, DefinitionCatalog catalog, IReadOnlyList<Agency> partners)
    {
        public string Unit(Guid? unitId, string function) =>
            agency.Units.FirstOrDefault(u => u.Id == unitId)?.Name
            ?? agency.Units.FirstOrDefault(u => u.Function == function)?.Name
            ?? Catalogue(function);

        public string Partner(string function) =>
            partners.FirstOrDefault(a => a.Units.Any(u => u.Function == function))?.Name ?? Catalogue(function);

        private string Catalogue(string function) => catalog.Units.TryGet(function, out var unit) ? unit.Name : function;
    }
}
