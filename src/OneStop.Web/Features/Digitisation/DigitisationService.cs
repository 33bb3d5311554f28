using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Digitisation;

public enum DigitiseOutcomeKind { Done, DossierNotFound, DocumentNotFound, Empty, TooLarge, UnsupportedType, NotPdf, ResultNotReady, InvalidSource, Conflict }

public sealed record DigitiseOutcome(DigitiseOutcomeKind Kind, DossierDocument? Document = null, StoredFile? File = null)
{
    public string? Message => Kind switch
    {
        DigitiseOutcomeKind.DossierNotFound => "Không tìm thấy hồ sơ.",
        DigitiseOutcomeKind.DocumentNotFound => "Không tìm thấy giấy tờ này trong hồ sơ.",
        DigitiseOutcomeKind.Empty => DigitisationService.EmptyMessage,
        DigitiseOutcomeKind.UnsupportedType => DigitisationService.UnsupportedTypeMessage,
        DigitiseOutcomeKind.NotPdf => DigitisationService.NotPdfMessage,
        DigitiseOutcomeKind.ResultNotReady => DigitisationService.ResultNotReadyMessage,
        DigitiseOutcomeKind.InvalidSource => DigitisationService.InvalidSourceMessage,
        DigitiseOutcomeKind.Conflict => "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thử lại.",
        _ => null,
    };
}

/// <summary>An earlier digitised document of the same citizen that the desk may reuse instead of asking again.</summary>
public sealed record CitizenDocument(Guid DocumentId, string DocumentKey, string Name, Guid DossierId, string? DossierCode,
    string ProcedureName, DateTimeOffset UploadedAt, Guid FileId);

/// <summary>The stored file of a dossier's document, ready to stream.</summary>
public sealed record ScanDownload(Stream Content, string ContentType, string FileName, string Sha256);

/// <summary>
/// Số hóa (DOMAIN §4.1): a dossier's paper scanned once, stored by content hash, linked to the document; and tái sử
/// dụng: the citizen is not asked again for a paper the same agency already digitised in one of their earlier dossiers.
/// </summary>
public sealed class DigitisationService(OneStopDbContext db, FileStore store, TimeProvider clock, IOptions<DigitisationOptions> options)
{
    public const string EmptyMessage = "Tệp tải lên trống.";
    public const string UnsupportedTypeMessage = "Tệp không phải PDF, JPEG hoặc PNG.";
    public const string NotPdfMessage = "Kết quả điện tử phải là tệp PDF.";
    public const string ResultNotReadyMessage = "Hồ sơ chưa có kết quả giải quyết nên chưa thể đính kèm kết quả điện tử.";
    public const string InvalidSourceMessage =
        "Không thể dùng lại giấy tờ này: chỉ dùng lại giấy tờ đã số hóa của hồ sơ khác của cùng công dân (cùng số CCCD), cùng cơ quan và cùng loại giấy tờ.";

    public long MaxFileBytes => options.Value.MaxFileBytes;

    public string TooLargeMessage => TooLargeText(MaxFileBytes);

    public static string TooLargeText(long maxBytes) =>
        string.Create(CultureInfo.GetCultureInfo("vi-VN"), $"Tệp vượt quá dung lượng cho phép ({maxBytes / (1024.0 * 1024.0):0.##} MB).");

    public static bool IsIdNumber(string? idNumber) => idNumber is { Length: 12 } && idNumber.All(char.IsAsciiDigit);

    /// <summary>Stores <paramref name="content"/> as the scan of the dossier's document <paramref name="documentKey"/>.</summary>
    public async Task<DigitiseOutcome> DigitiseAsync(Guid agencyId, Guid officerId, Guid dossierId, string documentKey,
        Stream content, long length, string? clientFileName, CancellationToken ct)
    {
        var (dossier, document) = await FindAsync(agencyId, dossierId, documentKey, ct);
        if (dossier is null)
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.DossierNotFound);
        }
        if (document is null)
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.DocumentNotFound);
        }
        var (failure, file) = await StoreAsync(content, length, clientFileName, pdfOnly: false, ct);
        if (file is null)
        {
            return new DigitiseOutcome(failure);
        }
        var now = file.UploadedAt;
        document.FileId = file.Id;
        document.File = file;
        document.ReusedFromDocumentId = null;
        db.Audit(dossier, now, officerId, "DocumentDigitised", dossier.Status, Truncate($"Số hóa: {document.Name}"));
        db.Publish(dossier, DossierEventTypes.DocumentDigitised, now, officerId, e => e with { DocumentKey = document.DocumentKey });
        return await SaveAsync(new DigitiseOutcome(DigitiseOutcomeKind.Done, document, file), ct);
    }

    /// <summary>
    /// Số hóa kết quả (DOMAIN §4.1, QĐ 766 MDSH "kết quả điện tử"): stores <paramref name="content"/>, a PDF, as the
    /// electronic result of a dossier whose result is ready or returned. A later upload replaces the file; the time
    /// of the first one is what the KPI counts.
    /// </summary>
    public async Task<DigitiseOutcome> AttachResultAsync(Guid agencyId, Guid officerId, Guid dossierId,
        Stream content, long length, string? clientFileName, CancellationToken ct)
    {
        var dossier = await db.Dossiers.SingleOrDefaultAsync(d => d.Id == dossierId && d.AgencyId == agencyId, ct);
        if (dossier is null)
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.DossierNotFound);
        }
        if (dossier.Status is not (DossierStatus.Finished or DossierStatus.Returned))
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.ResultNotReady);
        }
        var (failure, file) = await StoreAsync(content, length, clientFileName, pdfOnly: true, ct);
        if (file is null)
        {
            return new DigitiseOutcome(failure);
        }
        dossier.ResultFileId = file.Id;
        dossier.ResultDigitisedAt ??= file.UploadedAt;
        db.Audit(dossier, file.UploadedAt, officerId, DossierEventTypes.ResultDigitised, dossier.Status, Truncate($"Kết quả điện tử: {file.FileName}"));
        db.Publish(dossier, DossierEventTypes.ResultDigitised, file.UploadedAt, officerId);
        return await SaveAsync(new DigitiseOutcome(DigitiseOutcomeKind.Done, File: file), ct);
    }

    /// <summary>Saves the change; another officer's change of the same dossier in between (row version) is a conflict.</summary>
    private async Task<DigitiseOutcome> SaveAsync(DigitiseOutcome done, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return done;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.Conflict);
        }
    }

    /// <summary>The scan of the dossier's document, or null (no dossier in this agency, no such document, not digitised).</summary>
    public async Task<ScanDownload?> OpenAsync(Guid agencyId, Guid dossierId, string documentKey, CancellationToken ct) =>
        Open(await db.DossierDocuments.AsNoTracking()
            .Where(x => x.DossierId == dossierId && x.DocumentKey == documentKey && x.FileId != null)
            .Where(x => db.Dossiers.Any(d => d.Id == x.DossierId && d.AgencyId == agencyId))
            .OrderBy(x => x.Id)
            .Select(x => x.File)
            .FirstOrDefaultAsync(ct));

    /// <summary>The electronic result of the dossier, or null (no dossier in this agency, none attached).</summary>
    public async Task<ScanDownload?> OpenResultAsync(Guid agencyId, Guid dossierId, CancellationToken ct) =>
        Open(await db.Dossiers.AsNoTracking().Where(d => d.Id == dossierId && d.AgencyId == agencyId)
            .Select(d => d.ResultFile).SingleOrDefaultAsync(ct));

    private ScanDownload? Open(StoredFile? file) =>
        file is not null && store.OpenRead(file.Sha256) is { } stream
            ? new ScanDownload(stream, file.ContentType, file.FileName, file.Sha256)
            : null;

    /// <summary>
    /// Checks an upload (not empty, within the size limit, a PDF — or a JPEG or PNG scan unless <paramref name="pdfOnly"/> —
    /// judged by its first bytes) and stores it; the new <see cref="StoredFile"/> row is added, not saved.
    /// </summary>
    private async Task<(DigitiseOutcomeKind Failure, StoredFile? File)> StoreAsync(Stream content, long length, string? clientFileName,
        bool pdfOnly, CancellationToken ct)
    {
        if (length == 0)
        {
            return (DigitiseOutcomeKind.Empty, null);
        }
        if (length > MaxFileBytes)
        {
            return (DigitiseOutcomeKind.TooLarge, null);
        }
        if (!content.CanSeek)
        {
            var copy = new MemoryStream();
            await content.CopyToAsync(copy, ct);
            copy.Position = 0;
            content = copy;
        }
        var header = new byte[ScanFile.HeaderLength];
        var headerLength = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        content.Position = 0;
        if (headerLength == 0)
        {
            return (DigitiseOutcomeKind.Empty, null);
        }
        var contentType = ScanFile.Detect(header.AsSpan(0, headerLength));
        if (pdfOnly && contentType != ScanFile.Pdf)
        {
            return (DigitiseOutcomeKind.NotPdf, null);
        }
        if (contentType is null)
        {
            return (DigitiseOutcomeKind.UnsupportedType, null);
        }

        var blob = await store.SaveAsync(content, ct);
        var now = clock.GetUtcNow();
        var file = new StoredFile
        {
            Id = Guid.CreateVersion7(now),
            Sha256 = blob.Sha256,
            ContentType = contentType,
            Size = blob.Size,
            FileName = ScanFile.SafeName(clientFileName, contentType),
            UploadedAt = now,
        };
        db.StoredFiles.Add(file);
        return (DigitiseOutcomeKind.Done, file);
    }

    /// <summary>
    /// The agency's digitised documents of the citizen with this CCCD, newest first. Only first-hand scans are listed
    /// (a document that itself reuses another would show the same file twice).
    /// </summary>
    public async Task<IReadOnlyList<CitizenDocument>> CitizenDocumentsAsync(Guid agencyId, string idNumber, CancellationToken ct) =>
        await (from doc in db.DossierDocuments.AsNoTracking()
               join d in db.Dossiers on doc.DossierId equals d.Id
               where d.AgencyId == agencyId && d.Owner.IdNumber == idNumber && doc.FileId != null && doc.ReusedFromDocumentId == null
               orderby doc.File!.UploadedAt descending, doc.Id
               select new CitizenDocument(doc.Id, doc.DocumentKey, doc.Name, d.Id, d.Code, d.ProcedureName, doc.File!.UploadedAt, doc.FileId!.Value))
            .ToListAsync(ct);

    /// <summary>
    /// Links the dossier's document to the file of <paramref name="sourceDocumentId"/>. The source must be digitised,
    /// belong to another dossier of the same agency and the same citizen (same CCCD), and be the same paper: the same
    /// document key, or — because the national catalogues give one paper different keys in different procedures — the
    /// same name (compared after NFC, trimming, collapsing spaces and ignoring case).
    /// </summary>
    public async Task<DigitiseOutcome> ReuseAsync(Guid agencyId, Guid officerId, Guid dossierId, string documentKey,
        Guid sourceDocumentId, CancellationToken ct)
    {
        var (dossier, document) = await FindAsync(agencyId, dossierId, documentKey, ct);
        if (dossier is null)
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.DossierNotFound);
        }
        if (document is null)
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.DocumentNotFound);
        }
        var source = await (from doc in db.DossierDocuments.AsNoTracking()
                            join d in db.Dossiers on doc.DossierId equals d.Id
                            where doc.Id == sourceDocumentId
                            select new { doc.Id, doc.DossierId, doc.DocumentKey, doc.Name, doc.FileId, d.AgencyId, d.Owner.IdNumber })
            .SingleOrDefaultAsync(ct);
        var owner = dossier.Owner.IdNumber;
        if (source is not { FileId: { } fileId }
            || source.DossierId == dossier.Id
            || source.AgencyId != agencyId
            || !IsIdNumber(owner) || source.IdNumber != owner
            || !SamePaper(source.DocumentKey, source.Name, document))
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.InvalidSource);
        }
        var file = await db.StoredFiles.SingleAsync(f => f.Id == fileId, ct);
        if (document.FileId == fileId && document.ReusedFromDocumentId == source.Id)
        {
            return new DigitiseOutcome(DigitiseOutcomeKind.Done, document, file);  // a second click changes nothing
        }
        var now = clock.GetUtcNow();
        document.FileId = fileId;
        document.ReusedFromDocumentId = source.Id;
        db.Audit(dossier, now, officerId, "DocumentReused", dossier.Status,
            Truncate($"Tái sử dụng: {document.Name} (từ giấy tờ {source.Id} của hồ sơ {source.DossierId})"));
        db.Publish(dossier, DossierEventTypes.DocumentReused, now, officerId, e => e with { DocumentKey = document.DocumentKey });
        return await SaveAsync(new DigitiseOutcome(DigitiseOutcomeKind.Done, document, file), ct);
    }

    public static bool SamePaper(string sourceKey, string sourceName, DossierDocument target) =>
        string.Equals(sourceKey, target.DocumentKey, StringComparison.Ordinal)
        || string.Equals(NormaliseName(sourceName), NormaliseName(target.Name), StringComparison.Ordinal);

    public static string NormaliseName(string name) =>
        string.Join(' ', name.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .ToLowerInvariant();

    private async Task<(Dossier? Dossier, DossierDocument? Document)> FindAsync(Guid agencyId, Guid dossierId, string documentKey, CancellationToken ct)
    {
        var dossier = await db.Dossiers.SingleOrDefaultAsync(d => d.Id == dossierId && d.AgencyId == agencyId, ct);
        if (dossier is null)
        {
            return (null, null);
        }
        var document = await db.DossierDocuments
            .Where(x => x.DossierId == dossierId && x.DocumentKey == documentKey)
            .OrderBy(x => x.Id)
            .FirstOrDefaultAsync(ct);
        return (dossier, document);
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
