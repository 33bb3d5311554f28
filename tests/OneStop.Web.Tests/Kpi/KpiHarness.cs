using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OneStop.Testing;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Kpi;

/// <summary>
/// A real host with the worker role (outbox relay, KPI consumer) on its own database, a fake clock from
/// <c>start</c>, and helpers that drive dossiers through the API as the demo officers would.
/// </summary>
public abstract class KpiHarness(DateTimeOffset start, string database)
{
    private static readonly string[] Officers = ["tiepnhan", "chuyenvien", "chuyenvien2", "lanhdao", "truongphong"];

    protected TestDatabase Db { get; private set; } = null!;
    protected OneStopApp App { get; private set; } = null!;
    protected FakeTimeProvider Clock { get; } = new(start.ToUniversalTime());
    private readonly Dictionary<string, (HttpClient Client, DateTimeOffset SignedIn)> _clients = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Db = await TestDatabase.CreateAsync(database);
        App = new OneStopApp(Db, clock: Clock, worker: true);
        await App.SeedDemoAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var (client, _) in _clients.Values)
        {
            client.Dispose();
        }
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }

    protected async Task<HttpClient> ClientAsync(string user)
    {
        // Tokens last 8 hours of the (fake) clock: sign in again after the clock has moved on.
        if (!_clients.TryGetValue(user, out var entry) || Clock.GetUtcNow() - entry.SignedIn > TimeSpan.FromHours(4))
        {
            entry.Client?.Dispose();
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                await SignInTests.GetTokenAsync(client, user, OneStopApp.DemoPassword));
            entry = (client, Clock.GetUtcNow());
            _clients[user] = entry;
        }
        return entry.Client;
    }

    protected async Task<(Guid Id, string Code, string Pin)> RegisterAsync(string procedure, object? fee = null, int? payment = null,
        string owner = "Nguyễn Thị Hằng")
    {
        var desk = await ClientAsync("tiepnhan");
        using var response = await desk.PostAsJsonAsync("/api/dossiers", new
        {
            procedureCode = procedure,
            owner = new { fullName = owner, idNumber = "038190001234" },
            documents = await MandatoryDocumentsAsync(procedure),
            fee,
            paymentMethod = payment,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("code").GetString()!, body.GetProperty("lookupPin").GetString()!);
    }

    protected async Task<object[]> MandatoryDocumentsAsync(string procedure)
    {
        var client = await ClientAsync("tiepnhan");
        var definition = await client.GetFromJsonAsync<JsonElement>($"/api/procedures/{procedure}");
        return [.. definition.GetProperty("documents").EnumerateArray()
            .Where(d => d.GetProperty("mandatory").GetBoolean())
            .Select(d => (object)new { key = d.GetProperty("key").GetString(), originals = 1, certified = 0, photocopies = 0 })];
    }

    protected async Task<Guid> SubmitOnlineAsync(string owner)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake")
        {
            Content = JsonContent.Create(new
            {
                procedureCode = "1.004873",
                owner = new { fullName = owner, idNumber = "038095001111", phone = "0987654321" },
                documents = await MandatoryDocumentsAsync("1.004873"),
            }),
        };
        request.Headers.Add("Idempotency-Key", "DVCQG-" + Guid.NewGuid().ToString("N"));
        using var response = await (await ClientAsync("tiepnhan")).SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Does the first of <paramref name="actions"/> that a demo officer may do now (the one holding the step), as that officer.</summary>
    protected async Task<string> ActAsync(Guid id, string actions, object? body = null)
    {
        if (actions == "return")
        {
            using var returned = await (await ClientAsync("tiepnhan")).PostAsJsonAsync($"/api/dossiers/{id}/actions/return", body);
            Assert.That(returned.IsSuccessStatusCode, Is.True, await returned.Content.ReadAsStringAsync());
            return "tiepnhan";
        }
        foreach (var user in Officers)
        {
            var client = await ClientAsync(user);
            var allowed = (await client.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/actions")).EnumerateArray()
                .Select(a => a.GetProperty("action").GetString()).ToList();
            if (actions.Split('|').FirstOrDefault(allowed.Contains) is { } action)
            {
                using var response = await client.PostAsJsonAsync($"/api/dossiers/{id}/actions/{action}", body ?? new { });
                Assert.That(response.IsSuccessStatusCode, Is.True, $"{user} {action}: {await response.Content.ReadAsStringAsync()}");
                return user;
            }
        }
        Assert.Fail($"nobody may {actions} dossier {id} now");
        return "";
    }

    protected async Task CompleteStepsAsync(Guid id, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(30));
            await ActAsync(id, "complete-step|approve");
        }
    }

    /// <summary>Waits until the projection has applied every event the dossiers have (the relay and the consumer run in the app).</summary>
    protected async Task WaitForProjectionAsync()
    {
        await using var db = Db.Context();
        for (var i = 0; i < 300; i++)
        {
            var behind = await db.Dossiers.Where(d => d.EventVersion > 0)
                .CountAsync(d => !db.KpiDossierFacts.Any(f => f.DossierId == d.Id && f.LastVersion == d.EventVersion));
            if (behind == 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        var pending = await db.OutboxMessages.Where(m => m.PublishedAt == null).Select(m => m.LastError).FirstOrDefaultAsync();
        Assert.Fail($"the projection did not catch up within 30 s (outbox: {pending ?? "all published"})");
    }
}
