using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using OneStop.Testing;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Account;
using OneStop.Web.Tests.Processing;
using UglyToad.PdfPig;

namespace OneStop.Web.Tests.Security;

/// <summary>Security (issue #7): escaping, anti-forgery, cookies, headers, page lockout, and no personal data in the logs.</summary>
public sealed partial class SecurityTests : ProcessingHarness
{
    private const string Script = "<script>alert(1)</script>";
    private const string Escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

    [GeneratedRegex("<form\\b[^>]*>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [Test]
    public async Task A_script_as_applicant_name_is_shown_as_text_on_every_page_and_in_the_receipt()
    {
        var desk = await As("tiepnhan");
        using var registered = await desk.PostAsync("/api/dossiers", new StringContent(
            EndpointTable.RegisterBody.Replace("Nguyễn Thị Hoa", Script.Replace("/", "\\/", StringComparison.Ordinal), StringComparison.Ordinal),
            System.Text.Encoding.UTF8, "application/json"));
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        var result = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var id = result.GetProperty("id").GetGuid();
        await RegisterAsync("1.001776", owner: Script);  // culture-society: on the unit leader's queue
        await TestDossiers.CreateAsync(App.Services, DossierStatus.Finished, ownerName: Script);  // on the returns page

        var pages = new List<(string User, string Path)>
        {
            ("chuyenvien", "/inbox"), ("chuyenvien", $"/dossiers/{id}"), ("tiepnhan", $"/reception/registered/{id}"),
            ("tiepnhan", "/returns"), ("truongphong", "/leader"), ("tiepnhan", $"/reception/dossiers/{id}/documents"),
        };
        var shown = new Dictionary<string, string>();
        foreach (var (user, path) in pages)
        {
            using var client = await CookieClientAsync(user);
            shown[path] = await client.GetStringAsync(path);
        }
        using (var citizen = App.CreateClient())
        {
            var form = await citizen.GetStringAsync("/lookup");
            using var answer = await citizen.PostAsync("/lookup", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = result.GetProperty("code").GetString()!, ["Pin"] = result.GetProperty("lookupPin").GetString()!,
                ["__RequestVerificationToken"] = AntiforgeryToken(form),
            }));
            shown["/lookup"] = await answer.Content.ReadAsStringAsync();
        }
        var pdf = await desk.GetByteArrayAsync($"/api/dossiers/{id}/forms/receipt.pdf");
        using var document = PdfDocument.Open(pdf);
        var pdfText = string.Concat(document.GetPages().Select(p => p.Text));

        Assert.Multiple(() =>
        {
            foreach (var (path, html) in shown)
            {
                Assert.That(html, Does.Not.Contain(Script), path);
                Assert.That(html, Does.Contain(Escaped), $"{path} shows the name as text");
            }
            Assert.That(pdfText, Does.Contain(Script), "the receipt prints the name literally");
        });
    }

    [Test]
    public async Task Every_post_form_carries_the_antiforgery_token_and_a_post_without_it_is_refused()
    {
        var id = await RegisterAsync("1.000656");
        var pages = new List<(string User, string Path)>
        {
            ("", "/"), ("", "/lookup"), ("tiepnhan", "/reception/register"), ("tiepnhan", "/reception/online"), ("tiepnhan", "/returns"),
            ("tiepnhan", $"/reception/dossiers/{id}/documents"), ("chuyenvien", $"/dossiers/{id}"), ("chuyenvien", "/inbox"), ("lanhdao", "/leader"),
        };
        var forms = 0;
        var problems = new List<string>();
        foreach (var (user, path) in pages)
        {
            using var client = user.Length == 0 ? App.CreateClient(new() { AllowAutoRedirect = false }) : await CookieClientAsync(user);
            var html = await client.GetStringAsync(path);
            foreach (Match form in Form().Matches(html))
            {
                if (!Regex.IsMatch(form.Value, "method=\"post\"", RegexOptions.IgnoreCase))
                {
                    continue;
                }
                forms++;
                if (!form.Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal))
                {
                    problems.Add($"{path}: a form without the token");
                }
                var action = Regex.Match(form.Value, "action=\"([^\"]*)\"") is { Success: true } a && a.Groups[1].Value.Length > 0
                    ? WebUtility.HtmlDecode(a.Groups[1].Value) : path;
                using var refused = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }));
                if (refused.StatusCode != HttpStatusCode.BadRequest)
                {
                    problems.Add($"{path}: POST {action} without the token answered {(int)refused.StatusCode}");
                }
            }
        }
        TestContext.Progress.WriteLine($"Anti-forgery: {forms} POST forms on {pages.Count} pages carry the token; each refused (400) without it");
        Assert.That(problems, Is.Empty);
        Assert.That(forms, Is.GreaterThanOrEqualTo(pages.Count));
    }

    [Test]
    public async Task Cookies_over_https_are_secure_http_only_and_same_site()
    {
        using var client = App.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var page = await client.GetAsync("/");
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "tiepnhan", ["Input.Password"] = OneStopApp.DemoPassword,
            ["__RequestVerificationToken"] = AntiforgeryToken(await page.Content.ReadAsStringAsync()),
        });
        using var signedIn = await client.PostAsync("/", form);
        cookies.AddRange(signedIn.Headers.GetValues("Set-Cookie"));

        Assert.That(cookies.Any(c => c.StartsWith("onestop.auth=", StringComparison.Ordinal)), Is.True, string.Join("\n", cookies));
        Assert.Multiple(() =>
        {
            foreach (var cookie in cookies)
            {
                Assert.That(cookie, Does.Contain("; secure").IgnoreCase, cookie);
                Assert.That(cookie, Does.Contain("; httponly").IgnoreCase, cookie);
                Assert.That(cookie, Does.Match("(?i); samesite=(lax|strict)"), cookie);
            }
        });
    }

    [TestCase("/")]
    [TestCase("/lookup")]
    [TestCase("/procedures")]
    [TestCase("/api/procedures")]
    [TestCase("/api/dossiers")]
    [TestCase("/api/khong-co")]
    public async Task Pages_and_api_answers_carry_the_security_headers(string path)
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'self'").And.Contain("default-src 'self'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        });
    }

    [Test]
    public async Task Five_wrong_passwords_on_the_sign_in_page_lock_the_account_even_for_the_right_one()
    {
        await AddOfficerAsync("khoatrang", "Lê Thị Khóa", "H99.100.01", Roles.Reception);
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        async Task<HttpResponseMessage> SignInAsync(string password)
        {
            var token = AntiforgeryToken(await client.GetStringAsync("/"));
            return await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = "khoatrang", ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
            }));
        }
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await SignInAsync("sai-mat-khau-" + i);
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("Tên đăng nhập hoặc mật khẩu không đúng."));
        }
        using var fifth = await SignInAsync("sai-mat-khau-5");
        Assert.That(await fifth.Content.ReadAsStringAsync(), Does.Contain("Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần."), "the fifth failure locks");
        using var locked = await SignInAsync(OneStopApp.DemoPassword);
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no redirect: not signed in");
        Assert.That(locked.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("onestop.auth=", StringComparison.Ordinal)), Is.False);
        Assert.That(await locked.Content.ReadAsStringAsync(), Does.Contain("Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần."));
    }

    [Test]
    public async Task No_citizen_id_or_phone_number_reaches_the_logs()
    {
        const string idNumber = "079203004567", phone = "0987654321", submitterId = "079185000999", submitterPhone = "0911222333";
        var logs = new ConcurrentQueue<string>();
        await using var app = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Trace");
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs)));
        });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await SignInTests.GetTokenAsync(client, "tiepnhan", OneStopApp.DemoPassword));
        var body = EndpointTable.RegisterBody.Replace("038190001234", idNumber, StringComparison.Ordinal).Replace("0912345678", phone, StringComparison.Ordinal)
            .Replace("\"documents\"", $"\"submitter\":{{\"fullName\":\"Trần Văn Nộp\",\"idNumber\":\"{submitterId}\",\"phone\":\"{submitterPhone}\"}},\"documents\"", StringComparison.Ordinal);
        using var response = await client.PostAsync("/api/dossiers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var detail = await client.GetAsync($"/api/dossiers/{id}");
        using var citizen = await client.GetAsync($"/api/citizens/{idNumber}/documents");
        Assert.That(citizen.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        TestContext.Progress.WriteLine($"Logs: {logs.Count} log entries at Trace while registering, reading and searching by CCCD");
        Assert.That(logs, Has.Count.GreaterThan(20), "the capture works (EF commands and requests are logged)");
        Assert.That(logs.Where(l => l.Contains(idNumber) || l.Contains(phone) || l.Contains(submitterId) || l.Contains(submitterPhone)).Take(5), Is.Empty);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
