using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneStop.Testing;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Account;
using UglyToad.PdfPig;

namespace OneStop.Web.Tests.Reception;

public sealed class OnlineIntakeTests
{
    private TestDatabase _db = null!;
    private OneStopApp _app = null!;
    private HttpClient _desk = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("intake");
        _app = new OneStopApp(_db);
        await _app.SeedDemoAsync();
        _desk = _app.CreateClient();
        _desk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(_desk, "tiepnhan", OneStopApp.DemoPassword));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _desk.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>A marriage-status certificate request sent from the portal with only the declaration form attached.</summary>
    private static object Submission(string owner = "Phạm Minh Tuấn") => new
    {
        procedureCode = "1.004873",
        owner = new { fullName = owner, idNumber = "038095001111", phone = "0987654321" },
        documents = new[] { new { key = FirstDocumentKey("1.004873"), originals = 1, certified = 0, photocopies = 0 } },
    };

    private async Task<JsonElement> PostAsync(string url, object body, string? key = null, string? ifMatch = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        using var response = await _desk.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid> SubmitAsync(string owner = "Phạm Minh Tuấn") =>
        (await PostAsync("/api/intake", Submission(owner), key: "DVCQG-" + Guid.NewGuid().ToString("N"), expected: HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Test]
    public async Task Intake_without_an_idempotency_key_is_refused()
    {
        var problem = await PostAsync("/api/intake", Submission(), expected: HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("errors").GetProperty("idempotencyKey")[0].GetString(), Does.Contain("Idempotency-Key"));
    }

    [Test]
    public async Task An_online_submission_waits_in_the_queue_as_status_1_without_a_code_and_a_resend_changes_nothing()
    {
        var key = "DVCQG-" + Guid.NewGuid().ToString("N");
        var first = await PostAsync("/api/intake", Submission("Đặng Thu Trang"), key, expected: HttpStatusCode.Created);
        var again = await PostAsync("/api/intake", Submission("Đặng Thu Trang"), key);
        var queue = await _desk.GetFromJsonAsync<JsonElement[]>("/api/intake/queue");

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("status").GetInt32(), Is.EqualTo(1));
            Assert.That(first.GetProperty("code").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(again.GetProperty("id").GetGuid(), Is.EqualTo(first.GetProperty("id").GetGuid()));
            Assert.That(queue!.Count(q => q.GetProperty("id").GetGuid() == first.GetProperty("id").GetGuid()), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Accepting_gives_the_code_the_appointment_and_the_pin_and_cannot_happen_twice()
    {
        var id = await SubmitAsync();

        var accepted = await PostAsync($"/api/dossiers/{id}/actions/accept", new { });
        var twice = await PostAsync($"/api/dossiers/{id}/actions/accept", new { }, expected: HttpStatusCode.Conflict);

        Assert.Multiple(() =>
        {
            Assert.That(accepted.GetProperty("status").GetInt32(), Is.EqualTo(2));
            Assert.That(accepted.GetProperty("code").GetString(), Does.Match(@"^H99\.100-\d{6}-\d{4}$"));
            Assert.That(accepted.GetProperty("lookupPin").GetString(), Does.Match(@"^\d{6}$"));
            Assert.That(accepted.GetProperty("appointment").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(twice.GetProperty("type").GetString(), Is.EqualTo("urn:onestop:problem:invalid-state"));
        });
        await using var db = _db.Context();
        var audit = await db.AuditEntries.Where(a => a.DossierId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.That(audit, Is.EqualTo(new[] { "Submitted", "Accepted" }));
    }

    [Test]
    public async Task A_supplement_request_lists_every_missing_mandatory_document_on_form_02()
    {
        var id = await SubmitAsync("Vũ Thị Lan");
        var missing = MandatoryDocumentNames("1.004873").Skip(1).ToList();

        var slip = await PostAsync($"/api/dossiers/{id}/actions/request-supplement", new { reason = "Thiếu giấy tờ chứng minh tình trạng hôn nhân." });
        var pdf = await _desk.GetByteArrayAsync(slip.GetProperty("formUrl").GetString());

        await using var db = _db.Context();
        Assert.That(await db.Dossiers.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(), Is.EqualTo(DossierStatus.SupplementRequested));
        var text = TextOf(pdf);
        Assert.That(text, Does.Contain("Vũ Thị Lan").And.Contain("Thiếu giấy tờ chứng minh tình trạng hôn nhân."));
        Assert.That(missing, Is.Not.Empty);
        foreach (var name in missing)
        {
            Assert.That(text, Does.Contain(name), "every missing mandatory document is asked for at once");
        }
        Assert.That(text, Does.Not.Contain(MandatoryDocumentNames("1.004873").First()), "what was submitted is not asked for again");
    }

    [Test]
    public async Task Refusal_moves_the_dossier_to_status_3_and_prints_the_reasons_on_form_03()
    {
        var id = await SubmitAsync("Hồ Văn Nam");

        var slip = await PostAsync($"/api/dossiers/{id}/actions/refuse", new { reason = "Người yêu cầu không cư trú trên địa bàn xã." });
        var text = TextOf(await _desk.GetByteArrayAsync(slip.GetProperty("formUrl").GetString()));

        await using var db = _db.Context();
        Assert.That(await db.Dossiers.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(), Is.EqualTo(DossierStatus.NotAccepted));
        Assert.That(text, Does.Contain("Hồ Văn Nam").And.Contain("Người yêu cầu không cư trú trên địa bàn xã."));
    }

    [Test]
    public async Task A_stale_row_version_is_a_conflict_and_changes_nothing()
    {
        var id = await SubmitAsync();

        var problem = await PostAsync($"/api/dossiers/{id}/actions/accept", new { }, ifMatch: "\"1\"", expected: HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("title").GetString(), Does.StartWith("Hồ sơ đã được cập nhật bởi người khác"));
        await using var db = _db.Context();
        var dossier = await db.Dossiers.SingleAsync(d => d.Id == id);
        Assert.That(dossier.Status, Is.EqualTo(DossierStatus.Submitted));
        Assert.That(dossier.Code, Is.Null);
    }

    [Test]
    public async Task At_the_counter_an_incomplete_dossier_gets_form_02_and_nothing_is_registered()
    {
        var before = await CountAsync();

        var slip = await PostAsync("/api/slips/supplement", new
        {
            procedureCode = "2.000815",
            applicant = new { fullName = "Ngô Bảo Châu" },
            items = new[] { new { name = "Bản chính giấy tờ cần chứng thực", originals = 1, certified = 0, photocopies = 0 } },
            reason = "Chưa mang bản chính để đối chiếu.",
        }, expected: HttpStatusCode.Created);
        var text = TextOf(await _desk.GetByteArrayAsync(slip.GetProperty("formUrl").GetString()));
        var noReason = await PostAsync("/api/slips/refusal", new { procedureCode = "2.000815", applicant = new { fullName = "A" } },
            expected: HttpStatusCode.BadRequest);

        Assert.That(text, Does.Contain("Ngô Bảo Châu").And.Contain("Chưa mang bản chính để đối chiếu."));
        Assert.That(noReason.GetProperty("errors").GetProperty("reason")[0].GetString(), Is.EqualTo("Vui lòng ghi lý do từ chối tiếp nhận."));
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    private async Task<int> CountAsync()
    {
        await using var db = _db.Context();
        return await db.Dossiers.CountAsync();
    }

    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    private static Workflows.Definitions.ProcedureDefinition Definition(string code) =>
        Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath).Find(code)!;

    private static string FirstDocumentKey(string code) => Definition(code).Documents.First(d => d.Mandatory).Key;

    private static IEnumerable<string> MandatoryDocumentNames(string code) => Definition(code).Documents.Where(d => d.Mandatory).Select(d => d.Name);
}
