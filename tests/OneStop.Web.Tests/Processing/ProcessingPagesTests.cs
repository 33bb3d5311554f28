using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneStop.Testing;
using OneStop.Web.Data;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Processing;

/// <summary>The officers' processing pages: inbox, dossier page actions, leader queue and assignment.</summary>
public sealed partial class ProcessingPagesTests
{
    /// <summary>Wednesday 25/11/2026 09:00 in Vietnam: a working morning, so "due soon" and "overdue" are plain.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(7));

    private TestDatabase _db = null!;
    private OneStopApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("processing_pages");
        _app = new OneStopApp(_db, clock: new FakeTimeProvider(Now));
        await _app.SeedDemoAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Test]
    public async Task Inbox_lists_my_steps_by_step_due_with_overdue_and_due_soon_marked_in_words()
    {
        var late = await InProgressDueAsync(Now.AddHours(-1), "Ông Quá Hạn");
        var soon = await InProgressDueAsync(Now.AddHours(2), "Bà Sắp Hạn");
        var later = await InProgressDueAsync(Now.AddDays(6), "Cô Còn Hạn");
        using var specialist = await CookieClientAsync("chuyenvien");
        using var other = await CookieClientAsync("chuyenvien2");

        var html = await specialist.GetStringAsync("/inbox");
        var otherHtml = await other.GetStringAsync("/inbox");
        var supplementOnly = await specialist.GetStringAsync("/inbox?status=SupplementRequested");

        Assert.Multiple(() =>
        {
            Assert.That(html.IndexOf(late.Code, StringComparison.Ordinal), Is.LessThan(html.IndexOf(soon.Code, StringComparison.Ordinal)));
            Assert.That(html.IndexOf(soon.Code, StringComparison.Ordinal), Is.LessThan(html.IndexOf(later.Code, StringComparison.Ordinal)));
            Assert.That(Row(html, late.Code), Does.Contain("Quá hạn").And.Contain("table-danger"));
            Assert.That(Row(html, soon.Code), Does.Contain("Sắp đến hạn").And.Contain("table-warning"));
            Assert.That(Row(html, later.Code), Does.Contain("Trong hạn").And.Not.Contain("table-"));
            // Both dates: the step's due and the appointment with the citizen.
            Assert.That(Row(html, soon.Code), Does.Contain("11:00 ngày 25/11/2026"));
            Assert.That(Number(html, "count-overdue"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Number(html, "count-due-soon"), Is.GreaterThanOrEqualTo(1));
            Assert.That(otherHtml, Does.Not.Contain(late.Code), "another specialist's inbox");
            Assert.That(supplementOnly, Does.Not.Contain(late.Code));
        });
    }

    [Test]
    public async Task Dossier_page_offers_the_holders_actions_and_a_second_click_changes_nothing()
    {
        var created = await InProgressDueAsync(Now.AddHours(3), "Trương Văn Bình");
        using var specialist = await CookieClientAsync("chuyenvien");
        using var desk = await CookieClientAsync("tiepnhan");
        var page = await specialist.GetStringAsync($"/dossiers/{created.Id}");
        var deskPage = await desk.GetStringAsync($"/dossiers/{created.Id}");
        Assert.That(page, Does.Contain("Hoàn thành, chuyển bước tiếp theo"));
        Assert.That(deskPage, Does.Not.Contain("Hoàn thành, chuyển bước tiếp theo"), "the desk does not hold the step");

        var form = ActionForm(page, "complete-step");
        using var first = await specialist.PostAsync($"/dossiers/{created.Id}?handler=Act", new FormUrlEncodedContent(form));
        using var second = await specialist.PostAsync($"/dossiers/{created.Id}?handler=Act", new FormUrlEncodedContent(form));
        form["Form.IdempotencyKey"] = "";
        using var third = await specialist.PostAsync($"/dossiers/{created.Id}?handler=Act", new FormUrlEncodedContent(form));
        var thirdHtml = await third.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "same form sent again: answered as done");
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(thirdHtml, Does.Contain("Hồ sơ vừa được người khác cập nhật"));
        });
        var (dossier, audit) = await ReadAsync(created.Id);
        Assert.Multiple(() =>
        {
            Assert.That(dossier.CurrentStepKey, Is.EqualTo("ky-duyet"));
            Assert.That(audit.Count(a => a.Action == "complete-step"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Refusal_without_a_reason_is_shown_inline_and_keeps_the_typed_fields()
    {
        var created = await InProgressDueAsync(Now.AddHours(3), "Hà Thị Cúc");
        using var specialist = await CookieClientAsync("chuyenvien");
        var page = await specialist.GetStringAsync($"/dossiers/{created.Id}");

        var form = ActionForm(page, "refuse");
        form["Form.Reason"] = "   ";
        using var refused = await specialist.PostAsync($"/dossiers/{created.Id}?handler=Act", new FormUrlEncodedContent(form));
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        form = ActionForm(page, "request-extension");
        form["Form.NewAppointment"] = "ngày mai";
        form["Form.Reason"] = "Chờ xác minh của cơ quan khác";
        using var extension = await specialist.PostAsync($"/dossiers/{created.Id}?handler=Act", new FormUrlEncodedContent(form));
        var extensionHtml = await extension.Content.ReadAsStringAsync();
        form = ActionForm(page, "request-supplement");
        form["Form.Documents"] = "to-khai";
        form["Form.SupplyBy"] = "2026-11-24T08:00";
        form["Form.Reason"] = "Tờ khai thiếu chữ ký";
        using var supplement = await specialist.PostAsync($"/dossiers/{created.Id}?handler=Act", new FormUrlEncodedContent(form));
        var supplementHtml = await supplement.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refusedHtml, Does.Contain("Phải nêu rõ lý do từ chối giải quyết hồ sơ."));
            Assert.That(refusedHtml, Does.Contain("data-open=\"true\" data-testid=\"panel-refuse\""));
            Assert.That(extensionHtml, Does.Contain("Vui lòng nhập ngày giờ hẹn trả mới"));
            Assert.That(extensionHtml, Does.Contain("Chờ xác minh của cơ quan khác"));
            Assert.That(supplementHtml, Does.Contain("Hạn nộp bổ sung phải sau thời điểm hiện tại."));
            Assert.That(supplementHtml, Does.Contain("value=\"2026-11-24T08:00\""), "the typed deadline is kept");
            Assert.That(supplementHtml, Does.Match("value=\"to-khai\"\\s+checked=\"checked\""), "the ticked paper stays ticked");
        });
        var (dossier, audit) = await ReadAsync(created.Id);
        Assert.Multiple(() =>
        {
            Assert.That(dossier.Status, Is.EqualTo(DossierStatus.InProgress));
            Assert.That(audit, Is.Empty);
        });
    }

    [Test]
    public async Task Unit_leader_sees_the_unassigned_step_and_assigns_it_to_the_officer_with_the_lightest_load()
    {
        var (id, code) = await RegisterAsync("1.001776", "Lò Văn Pấu");
        using var leader = await CookieClientAsync("truongphong");
        using var specialist = await CookieClientAsync("chuyenvien2");
        using var chairman = await CookieClientAsync("lanhdao");

        var queue = await leader.GetStringAsync("/leader");
        var chairmanQueue = await chairman.GetStringAsync("/leader");
        using var forbidden = await specialist.GetAsync("/leader");
        Assert.Multiple(() =>
        {
            Assert.That(Section(queue, "unassigned"), Does.Contain(code));
            Assert.That(Section(queue, "officers"), Does.Contain("Phạm Thị Lan"));
            Assert.That(chairmanQueue, Does.Not.Contain(code), "another unit's step");
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        });

        var page = await leader.GetStringAsync($"/dossiers/{id}");
        Assert.That(page, Does.Contain("Phạm Thị Lan – Công chức Văn hóa – Xã hội (đang giữ"));
        var officerId = OptionValue(page, "Phạm Thị Lan");
        var form = ActionForm(page, "assign");
        form["Form.Assignee"] = officerId;
        using var assigned = await leader.PostAsync($"/dossiers/{id}?handler=Act", new FormUrlEncodedContent(form));
        Assert.That(assigned.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var inbox = await specialist.GetStringAsync("/inbox");
        var after = await leader.GetStringAsync("/leader");
        Assert.Multiple(() =>
        {
            Assert.That(inbox, Does.Contain(code));
            Assert.That(Section(after, "unassigned"), Does.Not.Contain(code));
            Assert.That(Section(after, "assigned"), Does.Contain(code).And.Contain("Phạm Thị Lan"));
        });
        var (_, audit) = await ReadAsync(id);
        Assert.That(audit.Single(a => a.Action == "assign").Reason, Is.EqualTo("Giao cho cán bộ Phạm Thị Lan"), "the timeline names the officer");
    }

    [Test]
    public async Task Apology_letter_drafted_on_the_dossier_page_waits_in_the_leader_queue_and_once_approved_links_form_04()
    {
        var (id, code) = await RegisterAsync("1.001776", "Mùa A Sử");
        using var leader = await CookieClientAsync("truongphong");
        var page = await leader.GetStringAsync($"/dossiers/{id}");
        var assign = ActionForm(page, "assign");
        assign["Form.Assignee"] = OptionValue(page, "Phạm Thị Lan");
        using (var assigned = await leader.PostAsync($"/dossiers/{id}?handler=Act", new FormUrlEncodedContent(assign)))
        {
            Assert.That(assigned.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        using var specialist = await CookieClientAsync("chuyenvien2");
        page = await specialist.GetStringAsync($"/dossiers/{id}");
        var (before, _) = await ReadAsync(id);
        var proposed = before.AppointmentAt!.Value.AddDays(7).ToOffset(TimeSpan.FromHours(7));
        var extension = ActionForm(page, "request-extension");
        extension["Form.NewAppointment"] = proposed.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        extension["Form.Reason"] = "Chờ kết quả xác minh mức độ khuyết tật của Hội đồng xã.";
        using (var drafted = await specialist.PostAsync($"/dossiers/{id}?handler=Act", new FormUrlEncodedContent(extension)))
        {
            Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await drafted.Content.ReadAsStringAsync());
        }

        var queue = await leader.GetStringAsync("/leader");
        Assert.That(Section(queue, "drafts"), Does.Contain(code).And.Contain("Chờ kết quả xác minh"));
        page = await leader.GetStringAsync($"/dossiers/{id}");
        Assert.That(page, Does.Not.Contain("form-apology"), "no approved letter yet");
        using (var approved = await leader.PostAsync($"/dossiers/{id}?handler=Act", new FormUrlEncodedContent(ActionForm(page, "approve-extension"))))
        {
            Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        page = await leader.GetStringAsync($"/dossiers/{id}");
        queue = await leader.GetStringAsync("/leader");
        var (after, _) = await ReadAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(after.AppointmentAt, Is.EqualTo(proposed));
            Assert.That(page, Does.Contain($"/api/dossiers/{id}/forms/apology.pdf"));
            Assert.That(page, Does.Contain("Đã duyệt"));
            Assert.That(Section(queue, "drafts"), Does.Not.Contain(code));
        });
    }

    private async Task<TestDossiers.Created> InProgressDueAsync(DateTimeOffset due, string owner)
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress, ownerName: owner);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var unit = await db.Units.Where(u => u.Function == "office").Select(u => u.Id).FirstAsync();
        await db.DossierSteps.Where(s => s.DossierId == created.Id && s.CompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DueAt, due).SetProperty(x => x.UnitId, unit));
        return created;
    }

    private async Task<(Guid Id, string Code)> RegisterAsync(string procedureCode, string owner)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(client, "tiepnhan", OneStopApp.DemoPassword));
        var catalog = Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath);
        using var response = await client.PostAsJsonAsync("/api/dossiers", new
        {
            procedureCode,
            owner = new { fullName = owner, idNumber = "011190001234" },
            documents = catalog.Find(procedureCode)!.Documents.Where(d => d.Mandatory)
                .Select(d => new { key = d.Key, originals = 1, certified = 0, photocopies = 0 }).ToArray(),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("code").GetString()!);
    }

    private async Task<(Dossier Dossier, List<AuditEntry> Audit)> ReadAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == id);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.DossierId == id).ToListAsync();
        return (dossier, audit);
    }

    /// <summary>The hidden fields of the page's form for <paramref name="action"/> (antiforgery token, version, key).</summary>
    private static Dictionary<string, string> ActionForm(string html, string action)
    {
        var start = html.IndexOf($"name=\"Form.Action\" value=\"{action}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), $"the page offers {action}");
        var formStart = html.LastIndexOf("<form", start, StringComparison.Ordinal);
        var formEnd = html.IndexOf("</form>", start, StringComparison.Ordinal);
        var form = html[formStart..formEnd];
        string Value(string name) => Regex.Match(form, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;
        return new Dictionary<string, string>
        {
            ["Form.Action"] = action,
            ["Form.RowVersion"] = Value("Form.RowVersion"),
            ["Form.IdempotencyKey"] = Value("Form.IdempotencyKey"),
            ["__RequestVerificationToken"] = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
        };
    }

    private static string Row(string html, string code)
    {
        var at = html.IndexOf($"data-code=\"{code}\"", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThan(0), code);
        var start = html.LastIndexOf("<tr", at, StringComparison.Ordinal);
        return html[start..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }

    private static string Section(string html, string testId)
    {
        var at = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        return at < 0 ? "" : html[at..html.IndexOf("</table>", at, StringComparison.Ordinal)];
    }

    private static int Number(string html, string testId) =>
        int.Parse(Regex.Match(html, $"data-testid=\"{testId}\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);

    private static string OptionValue(string html, string text) =>
        Regex.Match(html, $"<option value=\"([^\"]+)\"[^>]*>{Regex.Escape(text)}").Groups[1].Value;

    /// <summary>Signs in through the real sign-in page (antiforgery token included) and keeps the cookie.</summary>
    private async Task<HttpClient> CookieClientAsync(string userName)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
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
