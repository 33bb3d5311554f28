using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneStop.Testing;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Tests.Lookup;

public sealed class LookupTests
{
    private const string NotFoundTitle = "Không tìm thấy hồ sơ hoặc mã tra cứu không đúng.";
    private const int SmallLimit = 3;

    private TestDatabase _db = null!;
    private OneStopApp _base = null!;
    private WebApplicationFactory<Program> _app = null!;
    private WebApplicationFactory<Program> _limited = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("lookup");
        _base = new OneStopApp(_db);
        // A generous limit here; the rate-limit test gets its own host with a small one.
        _app = _base.WithWebHostBuilder(b =>
        {
            b.UseSetting("Lookup:PermitLimit", "10000");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock));
        });
        _limited = _base.WithWebHostBuilder(b =>
        {
            b.UseSetting("Lookup:PermitLimit", SmallLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Lookup:WindowSeconds", "3600");
        });
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Seeder>().RunAsync(demo: true, OneStopApp.DemoPassword);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _limited.DisposeAsync();
        await _app.DisposeAsync();
        await _base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static string Url(string code, string pin) =>
        $"/api/lookup?code={Uri.EscapeDataString(code)}&pin={Uri.EscapeDataString(pin)}";

    [Test]
    public async Task Right_code_and_pin_show_the_citizen_view_without_personal_data()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        using var client = _app.CreateClient();

        using var response = await client.GetAsync(Url(dossier.Code, dossier.Pin));

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        var view = JsonDocument.Parse(body).RootElement;
        var names = TestDossiers.OwnerName.Split(' ');
        var expectedMasked = $"{names[0]} {names[1][0]}. {names[2][0]}.";
        var openStep = dossier.Steps.Single(s => s.CompletedAt is null);
        string assigneeName;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.OneStopDbContext>();
            assigneeName = (await db.Users.SingleAsync(u => u.Id == dossier.AssigneeId)).FullName;
        }
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("code").GetString(), Is.EqualTo(dossier.Code));
            Assert.That(view.GetProperty("statusCode").GetInt32(), Is.EqualTo((int)DossierStatus.InProgress));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Đang xử lý"));
            Assert.That(view.GetProperty("currentStep").GetString(), Is.EqualTo(openStep.Name));
            Assert.That(view.GetProperty("ownerName").GetString(), Is.EqualTo(expectedMasked));
            Assert.That(view.GetProperty("supplementRequested").GetBoolean(), Is.False);
            Assert.That(view.GetProperty("canRate").GetBoolean(), Is.False);
            Assert.That(view.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("name").GetString()),
                Is.EqualTo(dossier.Steps.OrderBy(s => s.Sequence).Select(s => s.Name)));
            foreach (var secret in new[] { TestDossiers.OwnerIdNumber, TestDossiers.OwnerPhone, TestDossiers.OwnerEmail,
                         TestDossiers.OwnerAddress, TestDossiers.OwnerName, assigneeName, dossier.AssigneeId.ToString(), dossier.Id.ToString() })
            {
                Assert.That(body, Does.Not.Contain(secret), "leaks " + secret);
            }
        });
    }

    [Test]
    public async Task Unknown_code_and_wrong_pin_give_the_same_answer()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Accepted);
        var unknownCode = dossier.Code[..^4] + "9999";
        using var client = _app.CreateClient();

        using var unknown = await client.GetAsync(Url(unknownCode, dossier.Pin));
        using var wrong = await client.GetAsync(Url(dossier.Code, TestDossiers.WrongPin(dossier.Pin)));

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var a = await WithoutTraceIdAsync(unknown);
        var b = await WithoutTraceIdAsync(wrong);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(JsonNode.Parse(a)!["title"]!.GetValue<string>(), Is.EqualTo(NotFoundTitle));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await FailuresAsync(dossier.Id), Is.EqualTo((1, (DateTimeOffset?)null)));
    }

    [Test]
    public async Task Five_wrong_pins_lock_the_lookup_even_for_the_right_pin_until_the_lock_expires()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        using var client = _app.CreateClient();
        using (var reference = await client.GetAsync(Url(dossier.Code[..^4] + "9998", dossier.Pin)))
        {
            var expected = await WithoutTraceIdAsync(reference);
            for (var i = 0; i < 5; i++)
            {
                using var wrong = await client.GetAsync(Url(dossier.Code, TestDossiers.WrongPin(dossier.Pin)));
                Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            }

            using var locked = await client.GetAsync(Url(dossier.Code, dossier.Pin));

            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await WithoutTraceIdAsync(locked), Is.EqualTo(expected), "the lock is not revealed");
        }
        var (_, lockedUntil) = await FailuresAsync(dossier.Id);
        Assert.That(lockedUntil, Is.EqualTo(_clock.GetUtcNow().AddMinutes(15)));

        _clock.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await client.GetAsync(Url(dossier.Code, dossier.Pin)))
        {
            Assert.That(stillLocked.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var open = await client.GetAsync(Url(dossier.Code, dossier.Pin));

        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await FailuresAsync(dossier.Id), Is.EqualTo((0, (DateTimeOffset?)null)));
    }

    [Test]
    public async Task The_right_pin_resets_the_failure_count()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        using var client = _app.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await client.GetAsync(Url(dossier.Code, TestDossiers.WrongPin(dossier.Pin)));
        }
        Assert.That((await FailuresAsync(dossier.Id)).Failures, Is.EqualTo(4));

        using var right = await client.GetAsync(Url(dossier.Code, dossier.Pin));
        using var wrongAgain = await client.GetAsync(Url(dossier.Code, TestDossiers.WrongPin(dossier.Pin)));
        using var rightAgain = await client.GetAsync(Url(dossier.Code, dossier.Pin));

        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(rightAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK), "4 + 1 failures with a success between do not lock");
    }

    [TestCase("h99.100-261127", "123456", "code")]
    [TestCase("H99.100-261127-01", "123456", "code")]
    [TestCase("H99.100 261127 0001", "123456", "code")]
    [TestCase("", "123456", "code")]
    [TestCase("H99.100-261127-0001", "12345", "pin")]
    [TestCase("H99.100-261127-0001", "abcdef", "pin")]
    [TestCase("H99.100-261127-0001", "", "pin")]
    public async Task Malformed_input_is_a_vietnamese_validation_problem(string code, string pin, string field)
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync(Url(code, pin));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Dữ liệu gửi lên không hợp lệ."));
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task A_malformed_pin_is_not_counted_as_a_wrong_one()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        using var client = _app.CreateClient();

        using var response = await client.GetAsync(Url(dossier.Code, "12"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await FailuresAsync(dossier.Id)).Failures, Is.Zero);
    }

    [Test]
    public async Task Rating_is_accepted_only_after_return_and_only_once_with_an_audit_row()
    {
        var inProgress = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        var returned = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Returned);
        using var client = _app.CreateClient();
        // Decomposed Vietnamese (as some keyboards send it) and surrounding blanks.
        var comment = "  Cán bộ hướng dẫn tận tình.  ".Normalize(NormalizationForm.FormD);

        using var early = await client.PostAsJsonAsync("/api/lookup/rating",
            new { code = inProgress.Code, pin = inProgress.Pin, rating = "VerySatisfied" });
        using var view = await client.GetAsync(Url(returned.Code, returned.Pin));
        var canRate = (await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("canRate").GetBoolean();
        using var first = await client.PostAsJsonAsync("/api/lookup/rating",
            new { code = returned.Code, pin = returned.Pin, rating = "VerySatisfied", comment });
        using var second = await client.PostAsJsonAsync("/api/lookup/rating",
            new { code = returned.Code, pin = returned.Pin, rating = 3 });

        Assert.Multiple(async () =>
        {
            Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(canRate, Is.True);
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(),
                Is.EqualTo("Hồ sơ đã được đánh giá."));
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.OneStopDbContext>();
        var stored = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == returned.Id);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.DossierId == returned.Id).ToListAsync();
        var untouched = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == inProgress.Id);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Rating, Is.EqualTo(Satisfaction.VerySatisfied));
            Assert.That(stored.RatingComment, Is.EqualTo(comment.Trim().Normalize(NormalizationForm.FormC)));
            Assert.That(stored.RatedAt, Is.EqualTo(_clock.GetUtcNow()));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit[0].Action, Is.EqualTo("Rated"));
            Assert.That(audit[0].ActorId, Is.Null);
            Assert.That(audit[0].FromStatus, Is.EqualTo(DossierStatus.Returned));
            Assert.That(audit[0].ToStatus, Is.EqualTo(DossierStatus.Returned));
            Assert.That(untouched.Rating, Is.Null);
        });
    }

    [Test]
    public async Task Rating_needs_the_right_pin_and_a_known_level()
    {
        var returned = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Returned);
        using var client = _app.CreateClient();

        using var wrongPin = await client.PostAsJsonAsync("/api/lookup/rating",
            new { code = returned.Code, pin = TestDossiers.WrongPin(returned.Pin), rating = "Satisfied" });
        using var badLevel = await client.PostAsJsonAsync("/api/lookup/rating",
            new { code = returned.Code, pin = returned.Pin, rating = 7 });
        using var numeric = await client.PostAsJsonAsync("/api/lookup/rating",
            new { code = returned.Code, pin = returned.Pin, rating = 2 });

        Assert.That(wrongPin.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(badLevel.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(numeric.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.OneStopDbContext>();
        Assert.That((await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == returned.Id)).Rating, Is.EqualTo(Satisfaction.Satisfied));
    }

    [Test]
    public async Task Too_many_requests_from_one_client_get_a_vietnamese_429()
    {
        using var client = _limited.CreateClient();
        var code = DemoOrganisation.CommuneCode + "-261127-0042";
        for (var i = 0; i < SmallLimit; i++)
        {
            using var allowed = await client.GetAsync(Url(code, "123456"));
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        using var refused = await client.GetAsync(Url(code, "123456"));
        using var rating = await client.PostAsJsonAsync("/api/lookup/rating", new { code, pin = "123456", rating = 1 });
        using var form = await client.GetAsync("/lookup");
        using var pagePost = await client.PostAsync("/lookup", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = code, ["Pin"] = "123456" }));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Quá nhiều yêu cầu. Vui lòng thử lại sau."));
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(429));
        Assert.That(rating.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the rating shares the client's budget");
        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.OK), "showing the empty form is not limited");
        Assert.That(pagePost.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the page POST shares the client's budget");
        Assert.That(await pagePost.Content.ReadAsStringAsync(), Does.Contain("Quá nhiều yêu cầu. Vui lòng thử lại sau."));
    }

    [Test]
    public async Task Lookup_page_prefills_the_code_from_the_qr_link_and_never_asks_for_the_pin_in_the_url()
    {
        using var client = _app.CreateClient();
        var code = DemoOrganisation.CommuneCode + "-261127-0001";

        var html = await client.GetStringAsync("/lookup?code=" + Uri.EscapeDataString(code));

        Assert.That(html, Does.Contain("Tra cứu hồ sơ"));
        Assert.That(html, Does.Contain($"value=\"{code}\""));
        Assert.That(html, Does.Contain("<form method=\"post\""));
        Assert.That(html, Does.Contain("name=\"Pin\""));
    }

    [Test]
    public async Task Lookup_page_shows_inline_vietnamese_errors_and_the_same_message_for_a_wrong_pin()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        using var client = _app.CreateClient(new() { HandleCookies = true });
        var token = System.Text.RegularExpressions.Regex.Match(await client.GetStringAsync("/lookup"),
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        FormUrlEncodedContent Form(string code, string pin) => new(new Dictionary<string, string>
        {
            ["Code"] = code, ["Pin"] = pin, ["__RequestVerificationToken"] = token,
        });

        using var malformed = await client.PostAsync("/lookup", Form("abc", "12"));
        using var wrong = await client.PostAsync("/lookup", Form(dossier.Code, TestDossiers.WrongPin(dossier.Pin)));
        using var right = await client.PostAsync("/lookup", Form(dossier.Code.ToLowerInvariant(), dossier.Pin));

        var malformedHtml = await malformed.Content.ReadAsStringAsync();
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        var rightHtml = await right.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(malformedHtml, Does.Contain("Mã hồ sơ không đúng định dạng"));
            Assert.That(malformedHtml, Does.Contain("Mã tra cứu gồm 6 chữ số"));
            Assert.That(wrongHtml, Does.Contain(NotFoundTitle));
            Assert.That(wrongHtml, Does.Not.Contain("data-testid=\"lookup-result\""));
            Assert.That(rightHtml, Does.Contain("data-testid=\"lookup-result\""));
            Assert.That(rightHtml, Does.Contain(dossier.Steps.Single(s => s.CompletedAt is null).Name));
            Assert.That(rightHtml, Does.Not.Contain(TestDossiers.OwnerPhone));
            Assert.That(rightHtml, Does.Not.Contain(TestDossiers.OwnerIdNumber));
        });
    }

    private async Task<(int Failures, DateTimeOffset? LockedUntil)> FailuresAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.OneStopDbContext>();
        var d = await db.Dossiers.AsNoTracking().SingleAsync(x => x.Id == id);
        return (d.LookupFailures, d.LookupLockedUntil);
    }

    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response)
    {
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
