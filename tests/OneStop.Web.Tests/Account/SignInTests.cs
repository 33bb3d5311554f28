using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Testing;
using OneStop.Web.Features.Organisation;

namespace OneStop.Web.Tests.Account;

public sealed class SignInTests
{
    private TestDatabase _db = null!;
    private OneStopApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("account");
        _app = new OneStopApp(_db);
        await _app.SeedDemoAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [TestCase("tiepnhan", Roles.Reception)]
    [TestCase("chuyenvien", Roles.Specialist)]
    [TestCase("chuyenvien2", Roles.Specialist)]
    [TestCase("lanhdao", Roles.Leader)]
    [TestCase("giamsat", Roles.Supervisor)]
    [TestCase("quantri", Roles.Admin)]
    public async Task Demo_user_gets_a_token_that_carries_its_role(string userName, string role)
    {
        using var client = _app.CreateClient();
        var token = await GetTokenAsync(client, userName, OneStopApp.DemoPassword);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(me.GetProperty("userName").GetString(), Is.EqualTo(userName));
            Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { role }));
            Assert.That(me.GetProperty("agencyName").GetString(), Is.EqualTo("Ủy ban nhân dân xã Nguyên Giáp"));
        });
    }

    [Test]
    public async Task Wrong_password_is_refused_with_a_vietnamese_problem()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "tiepnhan", password = "sai-mat-khau" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Tên đăng nhập hoặc mật khẩu không đúng."));
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:onestop:problem:invalid-credentials"));
    }

    [Test]
    public async Task Unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "khong-ton-tai", password = "x" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:onestop:problem:invalid-credentials"));
    }

    [Test]
    public async Task Missing_credentials_are_a_validation_problem_naming_each_field()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = " " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(errors.GetProperty("userName")[0].GetString(), Is.EqualTo("Vui lòng nhập tên đăng nhập."));
            Assert.That(errors.GetProperty("password")[0].GetString(), Is.EqualTo("Vui lòng nhập mật khẩu."));
        });
    }

    [Test]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        const string password = "Khoa-Thu-2026";
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Officer>>();
            var template = await users.FindByNameAsync("tiepnhan");
            var result = await users.CreateAsync(
                new Officer { UserName = "khoathu", FullName = "Người Thử Khóa", AgencyId = template!.AgencyId }, password);
            Assert.That(result.Succeeded, Is.True);
        }
        using var client = _app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/token", new { userName = "khoathu", password = "sai" });
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var right = await client.PostAsJsonAsync("/api/auth/token", new { userName = "khoathu", password });

        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await right.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:onestop:problem:locked-out"));
    }

    [Test]
    public async Task Api_without_a_token_answers_401_problem_not_a_redirect()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/api/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Bạn cần đăng nhập để thực hiện thao tác này."));
    }

    [Test]
    public async Task Sign_in_page_is_vietnamese_and_pages_redirect_anonymous_users_to_it()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var html = await client.GetStringAsync("/");
        using var home = await client.GetAsync("/home");

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<html lang=\"vi\">"));
            Assert.That(html, Does.Contain("Đăng nhập"));
            Assert.That(html, Does.Contain("Tên đăng nhập"));
            Assert.That(html, Does.Contain("__RequestVerificationToken"));
            Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(home.Headers.Location?.AbsolutePath, Is.EqualTo("/"));
        });
    }

    internal static async Task<string> GetTokenAsync(HttpClient client, string userName, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }
}
