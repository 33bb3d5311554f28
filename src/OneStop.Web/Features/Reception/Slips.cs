using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Account;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Reception;

/// <summary>What to complete (form 02) or why a dossier is refused (form 03).</summary>
public sealed record SlipRequest(string? ProcedureCode, PersonInput? Applicant, IReadOnlyList<SlipItemInput>? Items, string? Reason);

public sealed record SlipItemInput(string? Name, int Originals, int Certified, int Photocopies);

/// <summary>
/// Issues the reception slips (DOMAIN §2.1 outcomes a and b) — numbered per agency per year — and renders them as
/// the statutory forms 02 and 03.
/// </summary>
public sealed class SlipService(OneStopDbContext db, DefinitionCatalog catalog, FormRenderer renderer, TimeProvider clock)
{
    public abstract record Outcome;

    public sealed record Issued(CounterSlip Slip) : Outcome;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome;

    /// <summary>Validates and stores a slip. Runs inside the caller's transaction when one is open.</summary>
    public async Task<Outcome> IssueAsync(SlipKind kind, SlipRequest request, ClaimsPrincipal officer, Guid? dossierId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var definition = string.IsNullOrWhiteSpace(request.ProcedureCode) ? null : catalog.Find(request.ProcedureCode.Trim());
        if (definition is null)
        {
            errors["procedureCode"] = ["Vui lòng chọn thủ tục."];
        }
        // One reason per line (form 03 prints them as a list); each line NFC, trimmed.
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : string.Join('\n', request.Reason.Normalize(System.Text.NormalizationForm.FormC)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (reason is null)
        {
            errors["reason"] = [kind == SlipKind.Supplement ? "Vui lòng ghi lý do cần bổ sung." : "Vui lòng ghi lý do từ chối tiếp nhận."];
        }
        else if (reason.Length > 4000)
        {
            errors["reason"] = ["Lý do dài tối đa 4000 ký tự."];
        }
        var applicant = RegisterDossierHandler.Clean(request.Applicant?.FullName);
        if (applicant is null)
        {
            errors["applicant.fullName"] = ["Vui lòng nhập họ và tên người nộp hồ sơ."];
        }
        else
        {
            RegisterDossierHandler.ValidateContact("applicant", request.Applicant!, errors);
        }
        var items = (request.Items ?? []).Where(i => !string.IsNullOrWhiteSpace(i.Name)).ToList();
        if (kind == SlipKind.Supplement && items.Count == 0)
        {
            errors["items"] = ["Hãy liệt kê đầy đủ các giấy tờ cần bổ sung, hoàn thiện (một lần)."];
        }
        else if (items.Any(i => i.Name!.Length > 500))
        {
            errors["items"] = ["Tên mỗi giấy tờ dài tối đa 500 ký tự."];
        }
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var agencyId = officer.AgencyId();
        var year = now.ToOffset(Workflows.Calendar.WorkingCalendar.VietnamOffset).Year.ToString(CultureInfo.InvariantCulture);
        var number = await db.NextAsync(agencyId, (kind == SlipKind.Supplement ? "HD" : "TC") + year, ct);
        var slip = new CounterSlip
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = agencyId,
            DossierId = dossierId,
            Kind = kind,
            Number = number,
            ProcedureCode = definition!.Code,
            ProcedureName = definition.Name,
            Applicant = RegisterDossierHandler.ToPerson(request.Applicant!),
            Items = [.. items.Select(i => new SlipItem { Name = RegisterDossierHandler.Clean(i.Name)!, Originals = i.Originals, Certified = i.Certified, Photocopies = i.Photocopies })],
            Reason = reason!,
            OfficerId = officer.OfficerId(),
            IssuedAt = now,
        };
        db.CounterSlips.Add(slip);
        await db.SaveChangesAsync(ct);
        return new Issued(slip);
    }

    /// <summary>The items a complete dossier would have that the officer did not tick: everything missing, in one go.</summary>
    public static IReadOnlyList<SlipItemInput> Missing(ProcedureDefinition definition, IEnumerable<DocumentInput> supplied) =>
    [
        .. definition.Documents
            .Where(d => d.Mandatory && !supplied.Any(s => s.Key == d.Key && s.Originals + s.Certified + s.Photocopies > 0))
            .Select(d => new SlipItemInput(d.Name, d.Original, d.Certified, d.Photocopy)),
    ];

    public async Task<byte[]?> RenderAsync(Guid slipId, Guid agencyId, CancellationToken ct)
    {
        var slip = await db.CounterSlips.AsNoTracking().SingleOrDefaultAsync(s => s.Id == slipId && s.AgencyId == agencyId, ct);
        return slip is null ? null : await RenderAsync(slip, ct);
    }

    public async Task<byte[]> RenderAsync(CounterSlip slip, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().Include(a => a.Units).SingleAsync(a => a.Id == slip.AgencyId, ct);
        var officer = await db.Users.AsNoTracking().Where(o => o.Id == slip.OfficerId).Select(o => new { o.FullName, o.PhoneNumber }).SingleAsync(ct);
        var code = slip.DossierId is { } id ? await db.Dossiers.Where(d => d.Id == id).Select(d => d.Code).SingleOrDefaultAsync(ct) : null;
        var year = slip.IssuedAt.ToOffset(Workflows.Calendar.WorkingCalendar.VietnamOffset).Year;
        var applicant = ReceptionApi.FormPersonOf(slip.Applicant);
        var contact = new ContactPoint("https://dichvucong.gov.vn", officer.FullName, officer.PhoneNumber ?? agency.Phone ?? "");
        return slip.Kind switch
        {
            SlipKind.Supplement => renderer.Render(new SupplementRequestForm(
                ReceptionApi.HeaderOf(agency, $"{slip.Number}/{year}/HDHS", slip.IssuedAt), code, applicant, slip.ProcedureName,
                [.. slip.Items.Select(i => new FormDocumentLine(i.Name, i.Originals, i.Certified, i.Photocopies))],
                slip.Reason, contact, officer.FullName)),
            SlipKind.Refusal => renderer.Render(new RefusalForm(
                ReceptionApi.HeaderOf(agency, $"{slip.Number}/{year}/TCHS", slip.IssuedAt), code, applicant, slip.ProcedureName,
                [.. slip.Reason.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], contact, officer.FullName)),
        };
    }
}
