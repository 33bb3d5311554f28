using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Testing;
using OneStop.Web.Data;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Returns;

public sealed class ReturnTests
{
    private const string PartnerAgencyCode = "G01.H99.100";

    private TestDatabase _db = null!;
    private OneStopApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("returns");
        _app = new OneStopApp(_db);
        await _app.SeedDemoAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = _app.CreateClient();
        var token = await SignInTests.GetTokenAsync(client, userName, OneStopApp.DemoPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpResponseMessage> ReturnAsync(HttpClient client, Guid id, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{id}/actions/return") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    private async Task<(Dossier Dossier, List<AuditEntry> Audit)> ReadAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Steps).SingleAsync(d => d.Id == id);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.DossierId == id).ToListAsync();
        return (dossier, audit);
    }

    [Test]
    public async Task Reception_officer_returns_a_finished_dossier_at_the_desk()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        var before = await ReadAsync(created.Id);
        using var client = await ClientForAsync("tiepnhan");
        const string collector = "Nguyễn Văn An";

        using var response = await ReturnAsync(client, created.Id, new { delivery = "Desk", collectedBy = collector, identityChecked = true, note = "Nhận thay chủ hồ sơ" },
            $"\"{before.Dossier.RowVersion.ToString(CultureInfo.InvariantCulture)}\"");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var (dossier, audit) = await ReadAsync(created.Id);
        Guid officerId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            officerId = (await scope.ServiceProvider.GetRequiredService<UserManager<Officer>>().FindByNameAsync("tiepnhan"))!.Id;
        }
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("statusCode").GetInt32(), Is.EqualTo((int)DossierStatus.Returned));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Đã trả kết quả"));
            Assert.That(body.GetProperty("rowVersion").GetUInt32(), Is.EqualTo(dossier.RowVersion));
            Assert.That(dossier.Status, Is.EqualTo(DossierStatus.Returned));
            Assert.That(dossier.ReturnedAt, Is.Not.Null);
            Assert.That(dossier.ReturnedTo, Is.EqualTo(collector));
            Assert.That(dossier.ReturnNote, Is.EqualTo("Nhận thay chủ hồ sơ"));
            Assert.That(dossier.Steps.Where(s => s.CompletedAt is null), Is.Empty, "the open step is closed");
            Assert.That(dossier.Steps.Single(s => s.Sequence == dossier.Steps.Max(x => x.Sequence)).CompletedAt, Is.EqualTo(dossier.ReturnedAt));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit[0].Action, Is.EqualTo("ResultReturned"));
            Assert.That(audit[0].FromStatus, Is.EqualTo(DossierStatus.Finished));
            Assert.That(audit[0].ToStatus, Is.EqualTo(DossierStatus.Returned));
            Assert.That(audit[0].ActorId, Is.EqualTo(officerId));
            Assert.That(audit[0].Reason, Does.Contain(collector));
        });
    }

    [Test]
    public async Task Returning_by_post_needs_a_tracking_number()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        using var client = await ClientForAsync("tiepnhan");

        using var missing = await ReturnAsync(client, created.Id, new { delivery = "Post" });
        using var posted = await ReturnAsync(client, created.Id, new { delivery = 2, trackingNumber = "EB123456789VN" });

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("trackingNumber")[0].GetString(), Is.EqualTo("Vui lòng nhập mã bưu gửi."));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadAsync(created.Id)).Dossier.ReturnedTo, Does.Contain("EB123456789VN"));
    }

    [Test]
    public async Task Desk_pickup_needs_the_collector_and_the_identity_check_and_changes_nothing_without_them()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        using var client = await ClientForAsync("tiepnhan");

        using var response = await ReturnAsync(client, created.Id, new { delivery = "Desk", collectedBy = " " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("collectedBy", out _), Is.True);
        Assert.That(errors.TryGetProperty("identityChecked", out _), Is.True);
        var (dossier, audit) = await ReadAsync(created.Id);
        Assert.That(dossier.Status, Is.EqualTo(DossierStatus.Finished));
        Assert.That(audit, Is.Empty);
    }

    [Test]
    public async Task A_stale_if_match_is_a_409_and_changes_nothing()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        var before = await ReadAsync(created.Id);
        using var client = await ClientForAsync("tiepnhan");
        var stale = unchecked(before.Dossier.RowVersion - 1).ToString(CultureInfo.InvariantCulture);

        using var response = await ReturnAsync(client, created.Id, new { delivery = "Desk", collectedBy = "Lê Thị B", identityChecked = true }, $"\"{stale}\"");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Does.StartWith("Hồ sơ đã được cập nhật bởi người khác"));
        var (dossier, audit) = await ReadAsync(created.Id);
        Assert.Multiple(() =>
        {
            Assert.That(dossier.Status, Is.EqualTo(DossierStatus.Finished));
            Assert.That(dossier.ReturnedAt, Is.Null);
            Assert.That(dossier.RowVersion, Is.EqualTo(before.Dossier.RowVersion));
            Assert.That(audit, Is.Empty);
        });
    }

    [Test]
    public async Task A_second_return_is_a_409_and_writes_no_second_audit_row()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        using var client = await ClientForAsync("tiepnhan");
        var body = new { delivery = "Desk", collectedBy = "Trần Văn C", identityChecked = true };

        using var first = await ReturnAsync(client, created.Id, body);
        using var second = await ReturnAsync(client, created.Id, body);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await ReadAsync(created.Id)).Audit, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_specialist_is_forbidden()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        using var client = await ClientForAsync("chuyenvien");

        using var response = await ReturnAsync(client, created.Id, new { delivery = "Desk", collectedBy = "X", identityChecked = true });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await ReadAsync(created.Id)).Dossier.Status, Is.EqualTo(DossierStatus.Finished));
    }

    [Test]
    public async Task Another_agencys_dossier_is_invisible()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished, agencyCode: PartnerAgencyCode);
        using var client = await ClientForAsync("tiepnhan");

        using var response = await ReturnAsync(client, created.Id, new { delivery = "Desk", collectedBy = "X", identityChecked = true });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ReadAsync(created.Id)).Dossier.Status, Is.EqualTo(DossierStatus.Finished));
    }

    [Test]
    public async Task Returns_page_is_for_reception_only_and_lists_only_the_own_agencys_finished_dossiers()
    {
        var own = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        var inProgress = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        var other = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished, agencyCode: PartnerAgencyCode);
        using var reception = await CookieClientAsync("tiepnhan");
        using var specialist = await CookieClientAsync("chuyenvien");

        var html = await reception.GetStringAsync("/returns");
        using var denied = await specialist.GetAsync("/returns");

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain(own.Code));
            Assert.That(html, Does.Not.Contain(inProgress.Code));
            Assert.That(html, Does.Not.Contain(other.Code));
            Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(denied.Headers.Location?.AbsolutePath, Is.EqualTo("/access-denied"));
        });
    }

    [Test]
    public async Task On_the_page_a_double_submit_is_harmless_and_the_desk_can_take_the_rating()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        using var client = await CookieClientAsync("tiepnhan");
        var page = await client.GetStringAsync("/returns");
        var token = AntiforgeryToken(page);
        var rowVersion = (await ReadAsync(created.Id)).Dossier.RowVersion.ToString(CultureInfo.InvariantCulture);
        var form = new Dictionary<string, string>
        {
            ["DossierId"] = created.Id.ToString(),
            ["RowVersion"] = rowVersion,
            ["Input.Delivery"] = "Desk",
            ["Input.CollectedBy"] = "Phạm Văn D",
            ["Input.IdentityChecked"] = "true",
            ["__RequestVerificationToken"] = token,
        };

        using var first = await client.PostAsync("/returns", new FormUrlEncodedContent(form));
        using var second = await client.PostAsync("/returns", new FormUrlEncodedContent(form));
        var secondHtml = await second.Content.ReadAsStringAsync();
        using var rate = await client.PostAsync("/returns?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["DossierId"] = created.Id.ToString(),
            ["Rating"] = "Satisfied",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(first.Headers.Location?.OriginalString, Does.Contain(created.Id.ToString()));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(secondHtml, Does.Contain("Hồ sơ đã được cập nhật bởi người khác"));
        Assert.That(rate.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var (dossier, audit) = await ReadAsync(created.Id);
        Assert.Multiple(() =>
        {
            Assert.That(dossier.Status, Is.EqualTo(DossierStatus.Returned));
            Assert.That(dossier.Rating, Is.EqualTo(Satisfaction.Satisfied));
            Assert.That(audit.Count(a => a.Action == "ResultReturned"), Is.EqualTo(1));
            Assert.That(audit.Count(a => a.Action == "Rated"), Is.EqualTo(1));
        });
    }

    private static string AntiforgeryToken(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    /// <summary>Signs in through the real sign-in page (antiforgery token included) and keeps the cookie.</summary>
    private async Task<HttpClient> CookieClientAsync(string userName)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/");
        var token = AntiforgeryToken(page);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = OneStopApp.DemoPassword,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync("/", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in");
        return client;
    }
}
