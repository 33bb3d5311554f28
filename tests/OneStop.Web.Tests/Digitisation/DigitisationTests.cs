using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Testing;
using OneStop.Web.Data;
using OneStop.Web.Features.Digitisation;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Digitisation;

public sealed class DigitisationTests
{
    private const string PartnerAgencyCode = "G01.H99.100";
    private const string BirthKey = "giay-khai-sinh";
    private const string BirthName = "Giấy khai sinh";
    private const long SmallLimit = 1024;

    private TestDatabase _db = null!;
    private OneStopApp _base = null!;
    private WebApplicationFactory<Program> _app = null!;
    private WebApplicationFactory<Program> _small = null!;
    private string _root = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("digitise");
        _root = Path.Combine(Path.GetTempPath(), "onestop-scans-" + Guid.NewGuid().ToString("N"));
        _base = new OneStopApp(_db);
        await _base.SeedDemoAsync();
        _app = _base.WithWebHostBuilder(b => b.UseSetting("Storage:Path", _root));
        _small = _base.WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Path", _root);
            b.UseSetting("Storage:MaxFileBytes", SmallLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _small.DisposeAsync();
        await _app.DisposeAsync();
        await _base.DisposeAsync();
        await _db.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static async Task<HttpClient> ClientForAsync(WebApplicationFactory<Program> app, string userName, bool followRedirects = true)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        var token = await SignInTests.GetTokenAsync(client, userName, OneStopApp.DemoPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Task<HttpClient> ClientForAsync(string userName) => ClientForAsync(_app, userName);

    /// <summary>A small real PDF, unique per call so tests never share a hash by accident.</summary>
    private static byte[] NewPdf(int padTo = 0)
    {
        var text = $"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% {Guid.NewGuid():N}\n";
        if (padTo > text.Length + 7)
        {
            text += new string('%', padTo - text.Length - 7) + "\n";
        }
        return Encoding.ASCII.GetBytes(text + "%%EOF\n");
    }

    private static byte[] NewPng() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', .. Guid.NewGuid().ToByteArray()];

    private static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task<TestDossiers.Created> DossierAsync(string agencyCode = DemoOrganisation.CommuneCode) =>
        TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress, agencyCode);

    private async Task<Guid> AddDocumentAsync(Guid dossierId, string key = BirthKey, string name = BirthName)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var document = new DossierDocument { Id = Guid.NewGuid(), DossierId = dossierId, DocumentKey = key, Name = name, Certified = 1 };
        db.DossierDocuments.Add(document);
        await db.SaveChangesAsync();
        return document.Id;
    }

    private async Task SetOwnerIdNumberAsync(Guid dossierId, string idNumber)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var dossier = await db.Dossiers.SingleAsync(d => d.Id == dossierId);
        dossier.Owner.IdNumber = idNumber;
        await db.SaveChangesAsync();
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid dossierId, string key, byte[] bytes, string fileName,
        string contentType = "application/pdf")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/dossiers/{dossierId}/documents/{key}/scan", form);
    }

    private async Task<(DossierDocument Document, StoredFile? File, List<AuditEntry> Audit)> ReadAsync(Guid documentId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var document = await db.DossierDocuments.AsNoTracking().Include(x => x.File).SingleAsync(x => x.Id == documentId);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.DossierId == document.DossierId).OrderBy(a => a.Id).ToListAsync();
        return (document, document.File, audit);
    }

    private async Task<Guid> OfficerIdAsync(string userName)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<Officer>>().FindByNameAsync(userName))!.Id;
    }

    private string[] FilesOnDisk(string sha) =>
        Directory.Exists(_root) ? Directory.GetFiles(_root, sha + ".bin", SearchOption.AllDirectories) : [];

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    // ---- upload --------------------------------------------------------------------------------------------------

    [Test]
    public async Task Uploading_a_pdf_stores_it_by_hash_links_it_to_the_document_and_audits()
    {
        var dossier = await DossierAsync();
        var documentId = await AddDocumentAsync(dossier.Id);
        var pdf = NewPdf();
        var sha = Sha256Of(pdf);
        using var client = await ClientForAsync("tiepnhan");

        using var response = await UploadAsync(client, dossier.Id, BirthKey, pdf, @"..\..\Windows\giay-khai-sinh.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await JsonAsync(response);
        var (document, file, audit) = await ReadAsync(documentId);
        var onDisk = FilesOnDisk(sha);
        Assert.Multiple(async () =>
        {
            Assert.That(body.GetProperty("documentKey").GetString(), Is.EqualTo(BirthKey));
            Assert.That(body.GetProperty("sha256").GetString(), Is.EqualTo(sha));
            Assert.That(body.GetProperty("size").GetInt64(), Is.EqualTo(pdf.Length));
            Assert.That(body.GetProperty("contentType").GetString(), Is.EqualTo("application/pdf"));
            Assert.That(body.GetProperty("fileId").GetGuid(), Is.EqualTo(document.FileId));
            Assert.That(file!.Sha256, Is.EqualTo(sha));
            Assert.That(file.Size, Is.EqualTo(pdf.Length));
            Assert.That(file.ContentType, Is.EqualTo("application/pdf"));
            Assert.That(file.FileName, Is.EqualTo("giay-khai-sinh.pdf"), "the client's folders are stripped");
            Assert.That(onDisk, Has.Length.EqualTo(1));
            Assert.That(onDisk[0], Is.EqualTo(Path.Combine(_root, sha[..2], sha[2..4], sha + ".bin")));
            Assert.That(await File.ReadAllBytesAsync(onDisk[0]), Is.EqualTo(pdf));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit[0].Action, Is.EqualTo("DocumentDigitised"));
            Assert.That(audit[0].FromStatus, Is.EqualTo(DossierStatus.InProgress));
            Assert.That(audit[0].ToStatus, Is.EqualTo(DossierStatus.InProgress));
            Assert.That(audit[0].ActorId, Is.EqualTo(await OfficerIdAsync("tiepnhan")));
            Assert.That(audit[0].Reason, Is.EqualTo("Số hóa: " + BirthName));
        });
    }

    [Test]
    public async Task The_same_bytes_in_two_dossiers_are_one_file_on_disk()
    {
        var first = await DossierAsync();
        var second = await DossierAsync();
        var firstDoc = await AddDocumentAsync(first.Id);
        var secondDoc = await AddDocumentAsync(second.Id);
        var pdf = NewPdf();
        using var client = await ClientForAsync("tiepnhan");

        using var a = await UploadAsync(client, first.Id, BirthKey, pdf, "a.pdf");
        using var b = await UploadAsync(client, second.Id, BirthKey, pdf, "b.pdf");

        Assert.That(a.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(b.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var one = await ReadAsync(firstDoc);
        var two = await ReadAsync(secondDoc);
        Assert.Multiple(() =>
        {
            Assert.That(one.File!.Sha256, Is.EqualTo(Sha256Of(pdf)));
            Assert.That(two.File!.Sha256, Is.EqualTo(one.File.Sha256));
            Assert.That(FilesOnDisk(Sha256Of(pdf)), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.Combine(_root, "tmp")), Is.Empty, "no temporary file is left behind");
        });
    }

    [Test]
    public async Task Uploading_again_replaces_the_file_and_audits_again()
    {
        var dossier = await DossierAsync();
        var documentId = await AddDocumentAsync(dossier.Id);
        var second = NewPdf();
        using var client = await ClientForAsync("tiepnhan");

        using var r1 = await UploadAsync(client, dossier.Id, BirthKey, NewPdf(), "v1.pdf");
        using var r2 = await UploadAsync(client, dossier.Id, BirthKey, second, "v2.pdf");

        Assert.That(r2.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (document, file, audit) = await ReadAsync(documentId);
        Assert.That(file!.Sha256, Is.EqualTo(Sha256Of(second)));
        Assert.That(document.FileId, Is.EqualTo((await JsonAsync(r2)).GetProperty("fileId").GetGuid()));
        Assert.That(audit.Select(x => x.Action), Is.EqualTo(new[] { "DocumentDigitised", "DocumentDigitised" }));
    }

    [Test]
    public async Task The_type_comes_from_the_content_not_the_name()
    {
        var dossier = await DossierAsync();
        var documentId = await AddDocumentAsync(dossier.Id);
        var png = NewPng();
        using var client = await ClientForAsync("tiepnhan");

        using var response = await UploadAsync(client, dossier.Id, BirthKey, png, "scan.pdf", "application/pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(response)).GetProperty("contentType").GetString(), Is.EqualTo("image/png"));
        Assert.That((await ReadAsync(documentId)).File!.ContentType, Is.EqualTo("image/png"));
    }

    [Test]
    public async Task An_executable_named_pdf_is_refused_and_nothing_changes()
    {
        var dossier = await DossierAsync();
        var documentId = await AddDocumentAsync(dossier.Id);
        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. Guid.NewGuid().ToByteArray()];
        using var client = await ClientForAsync("tiepnhan");

        using var response = await UploadAsync(client, dossier.Id, BirthKey, exe, "scan.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await JsonAsync(response);
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Tệp không phải PDF, JPEG hoặc PNG."));
        var (document, _, audit) = await ReadAsync(documentId);
        Assert.That(document.FileId, Is.Null);
        Assert.That(audit, Is.Empty);
        Assert.That(FilesOnDisk(Sha256Of(exe)), Is.Empty);
    }

    [Test]
    public async Task An_empty_file_is_refused()
    {
        var dossier = await DossierAsync();
        var documentId = await AddDocumentAsync(dossier.Id);
        using var client = await ClientForAsync("tiepnhan");

        using var response = await UploadAsync(client, dossier.Id, BirthKey, [], "empty.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAsync(response)).GetProperty("title").GetString(), Is.EqualTo(DigitisationService.EmptyMessage));
        Assert.That((await ReadAsync(documentId)).Document.FileId, Is.Null);
    }

    [Test]
    public async Task A_file_over_the_limit_is_a_413_problem_and_one_at_the_limit_is_accepted()
    {
        var dossier = await TestDossiers.CreateAsync(_small.Services, DossierStatus.InProgress);
        var documentId = await AddDocumentAsync(dossier.Id);
        using var client = await ClientForAsync(_small, "tiepnhan");
        var over = NewPdf(padTo: (int)SmallLimit + 1);
        var atLimit = NewPdf(padTo: (int)SmallLimit);
        Assert.That(over, Has.Length.EqualTo(SmallLimit + 1));
        Assert.That(atLimit, Has.Length.EqualTo(SmallLimit));

        using var tooBig = await UploadAsync(client, dossier.Id, BirthKey, over, "big.pdf");
        var afterRefusal = await ReadAsync(documentId);
        using var fits = await UploadAsync(client, dossier.Id, BirthKey, atLimit, "fits.pdf");

        Assert.That(tooBig.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(tooBig.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await JsonAsync(tooBig);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:onestop:problem:too-large"));
        Assert.That(problem.GetProperty("title").GetString(), Does.StartWith("Tệp vượt quá dung lượng cho phép"));
        Assert.That(afterRefusal.Document.FileId, Is.Null);
        Assert.That(fits.StatusCode, Is.EqualTo(HttpStatusCode.OK), await fits.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> UploadResultAsync(HttpClient client, Guid dossierId, byte[] bytes, string fileName,
        string contentType = "application/pdf")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/dossiers/{dossierId}/result-file", form);
    }

    private async Task<(Guid? FileId, DateTimeOffset? At, List<string> Audit, List<string> Events, int Files)> ResultStateAsync(Guid dossierId)
    {
        await using var db = _db.Context();
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == dossierId);
        return (dossier.ResultFileId, dossier.ResultDigitisedAt,
            await db.AuditEntries.Where(a => a.DossierId == dossierId).Select(a => a.Action).ToListAsync(),
            await db.OutboxMessages.Where(m => m.DossierId == dossierId).Select(m => m.Type).ToListAsync(),
            await db.StoredFiles.CountAsync());
    }

    [Test]
    public async Task The_electronic_result_is_a_pdf_attached_once_the_result_is_ready_with_an_audit_row_and_an_event()
    {
        var inProgress = await TestDossiers.CreateAsync(_small.Services, DossierStatus.InProgress);
        var ready = await TestDossiers.CreateAsync(_small.Services, DossierStatus.Finished);
        using var client = await ClientForAsync(_small, "tiepnhan");
        var before = await ResultStateAsync(ready.Id);

        using var early = await UploadResultAsync(client, inProgress.Id, NewPdf(), "ket-qua.pdf");
        using var png = await UploadResultAsync(client, ready.Id, NewPng(), "ket-qua.pdf");
        using var tooBig = await UploadResultAsync(client, ready.Id, NewPdf(padTo: (int)SmallLimit + 1), "ket-qua.pdf");
        var afterRefusals = await ResultStateAsync(ready.Id);
        var pdf = NewPdf();
        using var accepted = await UploadResultAsync(client, ready.Id, pdf, "Quyết định.pdf");
        var after = await ResultStateAsync(ready.Id);
        using var download = await client.GetAsync($"/api/dossiers/{ready.Id}/result-file");
        using var none = await client.GetAsync($"/api/dossiers/{inProgress.Id}/result-file");

        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await JsonAsync(early)).GetProperty("title").GetString(), Is.EqualTo(DigitisationService.ResultNotReadyMessage));
        Assert.That(png.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAsync(png)).GetProperty("title").GetString(), Is.EqualTo(DigitisationService.NotPdfMessage));
        Assert.That(tooBig.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await JsonAsync(tooBig)).GetProperty("title").GetString(), Does.StartWith("Tệp vượt quá dung lượng cho phép"));
        // Refused uploads store nothing.
        Assert.That(afterRefusals.FileId, Is.Null);
        Assert.That(afterRefusals.At, Is.Null);
        Assert.That(afterRefusals.Audit, Is.EqualTo(before.Audit));
        Assert.That(afterRefusals.Events, Is.EqualTo(before.Events));
        Assert.That(afterRefusals.Files, Is.EqualTo(before.Files));
        Assert.That((await ResultStateAsync(inProgress.Id)).FileId, Is.Null);

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        Assert.That(after.FileId, Is.Not.Null);
        Assert.That(after.At, Is.Not.Null);
        Assert.That(after.Audit.Except(before.Audit), Is.EqualTo(new[] { "ResultDigitised" }));
        Assert.That(after.Events.Except(before.Events), Is.EqualTo(new[] { "ResultDigitised" }));
        Assert.That(after.Files, Is.EqualTo(before.Files + 1));
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(download.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem_too()
    {
        var dossier = await TestDossiers.CreateAsync(_small.Services, DossierStatus.InProgress);
        await AddDocumentAsync(dossier.Id);
        using var client = await ClientForAsync(_small, "tiepnhan");
        // No Content-Length: the limit is found while reading, not from the header.
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new NonSeekable(NewPdf(padTo: (int)SmallLimit * 4)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "big.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossier.Id}/documents/{BirthKey}/scan") { Content = form };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await response.Content.ReadAsStringAsync());
        Assert.That((await JsonAsync(response)).GetProperty("type").GetString(), Is.EqualTo("urn:onestop:problem:too-large"));
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }

    [Test]
    public async Task Another_agencys_dossier_or_an_unknown_document_is_404()
    {
        var foreign = await DossierAsync(PartnerAgencyCode);
        await AddDocumentAsync(foreign.Id);
        var own = await DossierAsync();
        await AddDocumentAsync(own.Id);
        using var client = await ClientForAsync("tiepnhan");

        using var upload = await UploadAsync(client, foreign.Id, BirthKey, NewPdf(), "a.pdf");
        using var download = await client.GetAsync($"/api/dossiers/{foreign.Id}/documents/{BirthKey}/scan");
        using var unknownKey = await UploadAsync(client, own.Id, "khong-co", NewPdf(), "a.pdf");

        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknownKey.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await JsonAsync(unknownKey)).GetProperty("title").GetString(), Is.EqualTo("Không tìm thấy giấy tờ này trong hồ sơ."));
    }

    [Test]
    public async Task A_specialist_may_upload_a_supervisor_may_not()
    {
        var dossier = await DossierAsync();
        await AddDocumentAsync(dossier.Id);
        using var specialist = await ClientForAsync("chuyenvien");
        using var supervisor = await ClientForAsync("giamsat");

        using var allowed = await UploadAsync(specialist, dossier.Id, BirthKey, NewPdf(), "a.pdf");
        using var refused = await UploadAsync(supervisor, dossier.Id, BirthKey, NewPdf(), "b.pdf");
        using var refusedList = await supervisor.GetAsync($"/api/citizens/{TestDossiers.OwnerIdNumber}/documents");

        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refusedList.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    // ---- download ------------------------------------------------------------------------------------------------

    [Test]
    public async Task Download_returns_the_same_bytes_as_an_attachment()
    {
        var dossier = await DossierAsync();
        await AddDocumentAsync(dossier.Id);
        var pdf = NewPdf();
        using var client = await ClientForAsync("tiepnhan");
        using var upload = await UploadAsync(client, dossier.Id, BirthKey, pdf, "khai-sinh.pdf");

        using var response = await client.GetAsync($"/api/dossiers/{dossier.Id}/documents/{BirthKey}/scan");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo("khai-sinh.pdf"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    // ---- reuse ---------------------------------------------------------------------------------------------------

    [Test]
    public async Task A_later_dossier_of_the_same_citizen_lists_and_reuses_the_earlier_scan()
    {
        var earlier = await DossierAsync();
        var earlierDoc = await AddDocumentAsync(earlier.Id);
        var later = await DossierAsync();
        // Another procedure's catalogue names the same paper with another key: reuse matches on the name.
        const string laterKey = "ban-sao-giay-khai-sinh";
        var laterDoc = await AddDocumentAsync(later.Id, laterKey, " giấy  khai sinh ");
        var pdf = NewPdf();
        using var client = await ClientForAsync("tiepnhan");
        using var upload = await UploadAsync(client, earlier.Id, BirthKey, pdf, "ks.pdf");
        var fileId = (await JsonAsync(upload)).GetProperty("fileId").GetGuid();

        using var list = await client.GetAsync($"/api/citizens/{TestDossiers.OwnerIdNumber}/documents");
        using var reuse = await client.PostAsJsonAsync($"/api/dossiers/{later.Id}/documents/{laterKey}/reuse", new { documentId = earlierDoc });
        using var download = await client.GetAsync($"/api/dossiers/{later.Id}/documents/{laterKey}/scan");

        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var entry = (await JsonAsync(list)).EnumerateArray().Single(e => e.GetProperty("documentId").GetGuid() == earlierDoc);
        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("documentKey").GetString(), Is.EqualTo(BirthKey));
            Assert.That(entry.GetProperty("name").GetString(), Is.EqualTo(BirthName));
            Assert.That(entry.GetProperty("dossierCode").GetString(), Is.EqualTo(earlier.Code));
            Assert.That(entry.GetProperty("fileId").GetGuid(), Is.EqualTo(fileId));
            Assert.That(entry.TryGetProperty("procedureName", out _), Is.True);
            Assert.That(entry.TryGetProperty("uploadedAt", out _), Is.True);
        });
        Assert.That(reuse.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reuse.Content.ReadAsStringAsync());
        var (document, _, audit) = await ReadAsync(laterDoc);
        Assert.Multiple(async () =>
        {
            Assert.That(document.FileId, Is.EqualTo(fileId));
            Assert.That(document.ReusedFromDocumentId, Is.EqualTo(earlierDoc));
            Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "DocumentReused" }));
            Assert.That(audit[0].ActorId, Is.EqualTo(await OfficerIdAsync("tiepnhan")));
            Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
        });
    }

    [Test]
    public async Task Reuse_across_citizens_or_of_another_paper_is_refused()
    {
        var earlier = await DossierAsync();
        var earlierDoc = await AddDocumentAsync(earlier.Id);
        var stranger = await DossierAsync();
        await SetOwnerIdNumberAsync(stranger.Id, "079203001234");
        var strangerDoc = await AddDocumentAsync(stranger.Id);
        var sameCitizen = await DossierAsync();
        var otherPaper = await AddDocumentAsync(sameCitizen.Id, "so-ho-khau", "Sổ hộ khẩu");
        using var client = await ClientForAsync("tiepnhan");
        using var upload = await UploadAsync(client, earlier.Id, BirthKey, NewPdf(), "ks.pdf");

        using var acrossCitizens = await client.PostAsJsonAsync($"/api/dossiers/{stranger.Id}/documents/{BirthKey}/reuse", new { documentId = earlierDoc });
        using var strangersList = await client.GetAsync("/api/citizens/079203001234/documents");
        using var wrongPaper = await client.PostAsJsonAsync($"/api/dossiers/{sameCitizen.Id}/documents/so-ho-khau/reuse", new { documentId = earlierDoc });
        using var badId = await client.GetAsync("/api/citizens/12345/documents");

        Assert.That(acrossCitizens.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAsync(acrossCitizens)).GetProperty("title").GetString(), Is.EqualTo(DigitisationService.InvalidSourceMessage));
        Assert.That((await JsonAsync(strangersList)).EnumerateArray().Select(e => e.GetProperty("documentId").GetGuid()), Does.Not.Contain(earlierDoc));
        Assert.That(wrongPaper.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badId.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var stranged = await ReadAsync(strangerDoc);
        Assert.That(stranged.Document.FileId, Is.Null);
        Assert.That(stranged.Audit, Is.Empty);
        Assert.That((await ReadAsync(otherPaper)).Document.FileId, Is.Null);
    }

    // ---- page ----------------------------------------------------------------------------------------------------

    [Test]
    public async Task The_desk_page_shows_scans_reuse_and_the_reusable_documents()
    {
        var earlier = await DossierAsync();
        var earlierDoc = await AddDocumentAsync(earlier.Id);
        var later = await DossierAsync();
        await AddDocumentAsync(later.Id);
        using var client = await ClientForAsync("tiepnhan");
        using var upload = await UploadAsync(client, earlier.Id, BirthKey, NewPdf(), "ks.pdf");

        var before = await client.GetStringAsync($"/reception/dossiers/{later.Id}/documents");
        using var reuse = await client.PostAsJsonAsync($"/api/dossiers/{later.Id}/documents/{BirthKey}/reuse", new { documentId = earlierDoc });
        var after = await client.GetStringAsync($"/reception/dossiers/{later.Id}/documents");
        using var foreign = await client.GetAsync($"/reception/dossiers/{(await DossierAsync(PartnerAgencyCode)).Id}/documents");

        Assert.That(before, Does.Contain("Chưa số hóa"));
        Assert.That(before, Does.Contain("Dùng lại"));
        Assert.That(before, Does.Contain($"value=\"{earlierDoc}\""));
        Assert.That(reuse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after, Does.Contain("Đã số hóa"));
        Assert.That(after, Does.Contain("Tái sử dụng từ hồ sơ " + earlier.Code));
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static string TokenOf(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.That(match.Success, Is.True, "the form carries an antiforgery token");
        return match.Groups[1].Value;
    }

    private static async Task<string> PageUploadAsync(HttpClient client, Guid dossierId, byte[] bytes, string fileName)
    {
        var page = await client.GetStringAsync($"/reception/dossiers/{dossierId}/documents");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TokenOf(page)), "__RequestVerificationToken" },
            { new StringContent(BirthKey), "Key" },
            { new ByteArrayContent(bytes), "file", fileName },
        };
        using var response = await client.PostAsync($"/reception/dossiers/{dossierId}/documents?handler=Upload", form);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            // Followed by hand: HttpClient drops the bearer token on redirects.
            return await client.GetStringAsync(response.Headers.Location);
        }
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page with its inline error");
        return await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task The_desk_page_uploads_a_scan_and_shows_a_refusal_inline()
    {
        var dossier = await DossierAsync();
        var documentId = await AddDocumentAsync(dossier.Id);
        using var client = await ClientForAsync(_app, "tiepnhan", followRedirects: false);
        var pdf = NewPdf();

        var refused = await PageUploadAsync(client, dossier.Id, [(byte)'M', (byte)'Z', 1, 2, 3], "scan.pdf");
        var accepted = await PageUploadAsync(client, dossier.Id, pdf, "ks.pdf");

        Assert.That(refused, Does.Contain(DigitisationService.UnsupportedTypeMessage));
        Assert.That(accepted, Does.Contain("Đã số hóa giấy tờ."));
        Assert.That((await ReadAsync(documentId)).File!.Sha256, Is.EqualTo(Sha256Of(pdf)));
    }

    [Test]
    public async Task The_api_reference_describes_the_digitisation_endpoints()
    {
        using var client = _app.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.That(document, Does.Contain("/api/dossiers/{id}/documents/{key}/scan"));
        Assert.That(document, Does.Contain("/api/dossiers/{id}/documents/{key}/reuse"));
        Assert.That(document, Does.Contain("/api/citizens/{idNumber}/documents"));
    }

    // ---- names ---------------------------------------------------------------------------------------------------

    [TestCase(@"C:\Users\a\Giấy khai sinh.pdf", "Giấy khai sinh.pdf")]
    [TestCase("../../etc/passwd", "passwd")]
    [TestCase("...", "scan.pdf")]
    [TestCase("a\u0000b.pdf", "ab.pdf")]
    public void File_names_are_stripped_of_folders_and_control_characters(string clientName, string expected) =>
        Assert.That(ScanFile.SafeName(clientName, ScanFile.Pdf), Is.EqualTo(expected));

    [Test]
    public void File_names_are_nfc_and_at_most_255_characters()
    {
        var decomposed = "Giấy khai sinh.pdf".Normalize(NormalizationForm.FormD);
        var longName = new string('a', 300) + ".pdf";

        Assert.That(ScanFile.SafeName(decomposed, ScanFile.Pdf), Is.EqualTo("Giấy khai sinh.pdf".Normalize(NormalizationForm.FormC)));
        var cut = ScanFile.SafeName(longName, ScanFile.Pdf);
        Assert.That(cut, Has.Length.EqualTo(255));
        Assert.That(cut, Does.EndWith(".pdf"));
    }
}
