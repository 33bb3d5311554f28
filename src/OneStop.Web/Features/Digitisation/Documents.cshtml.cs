using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Features.Returns;

namespace OneStop.Web.Features.Digitisation;

/// <summary>The desk's view of a dossier's documents: scan state, upload per document, reuse of the citizen's earlier scans.</summary>
[Authorize(Roles = Roles.Reception + "," + Roles.Specialist)]
public sealed class DocumentsModel(OneStopDbContext db, DigitisationService service) : PageModel
{
    public sealed record DocumentRow(string DocumentKey, string Name, int Originals, int Certified, int Photocopies,
        string? FileName, string? ContentType, long? Size, DateTimeOffset? UploadedAt, Guid? ReusedFromDocumentId, string? ReusedFromDossierCode);

    public sealed record DossierHeader(Guid Id, string? Code, string ProcedureName, string OwnerName, string? OwnerIdNumber);

    [BindProperty]
    public string? Key { get; set; }

    [BindProperty]
    public Guid? SourceDocumentId { get; set; }

    public DossierHeader? Dossier { get; private set; }

    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];

    public IReadOnlyList<CitizenDocument> Reusable { get; private set; } = [];

    public string? Message { get; private set; }

    /// <summary>The error of the last post, shown next to the document it was about.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Message = done switch
        {
            "scan" => "Đã số hóa giấy tờ.",
            "reuse" => "Đã dùng lại giấy tờ đã số hóa.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, CancellationToken ct)
    {
        if (ReturnResult.AgencyOf(User) is not { } agency)
        {
            return Forbid();
        }
        var upload = Request.Form.Files.GetFile("file");
        if (upload is null || string.IsNullOrEmpty(Key))
        {
            Error = "Vui lòng chọn tệp cần số hóa.";
        }
        else
        {
            await using var content = upload.OpenReadStream();
            var outcome = await service.DigitiseAsync(agency, ReturnResult.OfficerOf(User), id, Key, content, upload.Length, upload.FileName, ct);
            if (outcome.Kind == DigitiseOutcomeKind.Done)
            {
                return RedirectToPage(new { id, done = "scan" });
            }
            if (outcome.Kind == DigitiseOutcomeKind.DossierNotFound)
            {
                return NotFound();
            }
            Error = outcome.Kind == DigitiseOutcomeKind.TooLarge ? service.TooLargeMessage : outcome.Message;
        }
        return await RedisplayAsync(id, ct);
    }

    public async Task<IActionResult> OnPostReuseAsync(Guid id, CancellationToken ct)
    {
        if (ReturnResult.AgencyOf(User) is not { } agency)
        {
            return Forbid();
        }
        if (SourceDocumentId is not { } source || string.IsNullOrEmpty(Key))
        {
            Error = "Vui lòng chọn giấy tờ đã số hóa cần dùng lại.";
        }
        else
        {
            var outcome = await service.ReuseAsync(agency, ReturnResult.OfficerOf(User), id, Key, source, ct);
            if (outcome.Kind == DigitiseOutcomeKind.Done)
            {
                return RedirectToPage(new { id, done = "reuse" });
            }
            if (outcome.Kind == DigitiseOutcomeKind.DossierNotFound)
            {
                return NotFound();
            }
            Error = outcome.Message;
        }
        return await RedisplayAsync(id, ct);
    }

    /// <summary>The citizen's earlier scans that fit this document (same key or same name).</summary>
    public IEnumerable<CitizenDocument> ReusableFor(DocumentRow row) =>
        Reusable.Where(r => r.DossierId != Dossier!.Id
            && (r.DocumentKey == row.DocumentKey
                || DigitisationService.NormaliseName(r.Name) == DigitisationService.NormaliseName(row.Name)));

    public string? ErrorFor(string documentKey) => Error is not null && Key == documentKey ? Error : null;

    private async Task<IActionResult> RedisplayAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Key is null || Documents.All(d => d.DocumentKey != Key))
        {
            Key = null;  // shown at the top instead
        }
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var agency = ReturnResult.AgencyOf(User);
        Dossier = await db.Dossiers.AsNoTracking()
            .Where(d => d.Id == id && d.AgencyId == agency)
            .Select(d => new DossierHeader(d.Id, d.Code, d.ProcedureName, d.Owner.FullName, d.Owner.IdNumber))
            .SingleOrDefaultAsync(ct);
        if (Dossier is null)
        {
            return false;
        }
        Documents = await (from doc in db.DossierDocuments.AsNoTracking()
                           where doc.DossierId == id
                           join source in db.DossierDocuments on doc.ReusedFromDocumentId equals source.Id into sources
                           from source in sources.DefaultIfEmpty()
                           join sourceDossier in db.Dossiers on source.DossierId equals sourceDossier.Id into sourceDossiers
                           from sourceDossier in sourceDossiers.DefaultIfEmpty()
                           orderby doc.Name
                           select new DocumentRow(doc.DocumentKey, doc.Name, doc.Originals, doc.Certified, doc.Photocopies,
                               doc.File!.FileName, doc.File!.ContentType, (long?)doc.File!.Size, (DateTimeOffset?)doc.File!.UploadedAt,
                               doc.ReusedFromDocumentId, sourceDossier.Code))
            .ToListAsync(ct);
        Reusable = DigitisationService.IsIdNumber(Dossier.OwnerIdNumber) && agency is { } a
            ? await service.CitizenDocumentsAsync(a, Dossier.OwnerIdNumber!, ct)
            : [];
        return true;
    }
}
