using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneStop.Testing;
using OneStop.Web.Data;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Processing;

/// <summary>
/// One real host on its own database per fixture, with a fake clock that starts on a plain working Monday
/// (23/11/2026 08:00 in Vietnam; no holidays until 01/01/2027; office hours 07:00–11:30 and 13:30–17:00).
/// </summary>
public abstract class ProcessingHarness
{
    protected static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    protected static readonly DateTimeOffset Monday8 = new(2026, 11, 23, 8, 0, 0, Vn);

    protected TestDatabase Db { get; private set; } = null!;
    protected OneStopApp App { get; private set; } = null!;
    protected FakeTimeProvider Clock { get; } = new(Monday8.ToUniversalTime());
    private readonly Dictionary<string, (HttpClient Client, DateTimeOffset SignedInAt)> _clients = [];
    private readonly Dictionary<string, Guid> _officers = [];

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        Db = await TestDatabase.CreateAsync(GetType().Name[..Math.Min(12, GetType().Name.Length)]);
        App = new OneStopApp(Db, clock: Clock, settings: Settings);
        await App.SeedDemoAsync();
    }

    /// <summary>Configuration a fixture needs on top of the defaults (e.g. abuse limits).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        foreach (var (client, _) in _clients.Values)
        {
            client.Dispose();
        }
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>Vietnam local time literal "yyyy-MM-dd HH:mm".</summary>
    protected static DateTimeOffset T(string local) =>
        new(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Vn);

    protected void At(string local) => Clock.SetUtcNow(T(local).ToUniversalTime());

    /// <summary>A signed-in client per demo user; signed in again once the fake clock has moved on (tokens expire by it).</summary>
    protected async Task<HttpClient> As(string userName)
    {
        var now = Clock.GetUtcNow();
        if (!_clients.TryGetValue(userName, out var held) || now - held.SignedInAt > TimeSpan.FromMinutes(30))
        {
            held.Client?.Dispose();
            held = (await NewClientAsync(userName), now);
            _clients[userName] = held;
        }
        return held.Client;
    }

    protected async Task<HttpClient> NewClientAsync(string userName)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(client, userName, OneStopApp.DemoPassword));
        return client;
    }

    /// <summary>A browser-like client signed in through the real sign-in page (antiforgery token included); redirects are not followed.</summary>
    protected async Task<HttpClient> CookieClientAsync(string userName)
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var token = AntiforgeryToken(await client.GetStringAsync("/"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = OneStopApp.DemoPassword,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync("/", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"sign-in of {userName}");
        return client;
    }

    protected static string AntiforgeryToken(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    protected async Task<Guid> OfficerAsync(string userName)
    {
        if (!_officers.TryGetValue(userName, out var id))
        {
            await using var scope = App.Services.CreateAsyncScope();
            id = (await scope.ServiceProvider.GetRequiredService<UserManager<Officer>>().FindByNameAsync(userName))!.Id;
            _officers[userName] = id;
        }
        return id;
    }

    /// <summary>Adds an officer of the demo commune to the unit with code <paramref name="unitCode"/>.</summary>
    protected async Task<Guid> AddOfficerAsync(string userName, string fullName, string unitCode, string role)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Officer>>();
        var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
        var officer = new Officer { Id = Guid.NewGuid(), UserName = userName, FullName = fullName, AgencyId = unit.AgencyId, UnitId = unit.Id };
        Assert.That((await users.CreateAsync(officer, OneStopApp.DemoPassword)).Succeeded, Is.True);
        Assert.That((await users.AddToRoleAsync(officer, role)).Succeeded, Is.True);
        _officers[userName] = officer.Id;
        return officer.Id;
    }

    /// <summary>Registers a complete dossier at the desk (reception completes at once and the next step starts).</summary>
    protected async Task<Guid> RegisterAsync(string procedureCode, string owner = "Nguyễn Thị Hoa")
    {
        var catalog = Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath);
        var documents = catalog.Find(procedureCode)!.Documents.Where(d => d.Mandatory)
            .Select(d => new { key = d.Key, originals = 1, certified = 0, photocopies = 0 }).ToArray();
        var desk = await As("tiepnhan");
        using var response = await desk.PostAsJsonAsync("/api/dossiers", new
        {
            procedureCode,
            owner = new { fullName = owner, idNumber = "038190001234", phone = "0912345678", address = "Thôn Đông Hưng, xã Nguyên Giáp" },
            documents,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected sealed record Answer(HttpStatusCode Status, JsonElement Body, string? ETag, string Raw)
    {
        public string Title => Body.GetProperty("title").GetString()!;
        public string Type => Body.GetProperty("type").GetString()!;
        public string? Detail => Body.TryGetProperty("detail", out var d) ? d.GetString() : null;
        public override string ToString() => $"{(int)Status} {Raw}";
    }

    protected static async Task<Answer> ActAsync(HttpClient client, Guid id, string action, object? body = null, string? ifMatch = null,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{id}/actions/{action}")
        {
            Content = JsonContent.Create(body ?? new { }),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await client.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var json = raw.Length == 0 ? default : JsonDocument.Parse(raw).RootElement.Clone();
        return new Answer(response.StatusCode, json, response.Headers.ETag?.Tag, raw);
    }

    protected async Task<JsonElement> Ok(string user, Guid id, string action, object? body = null)
    {
        var answer = await ActAsync(await As(user), id, action, body);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), $"{user} {action}: {answer}");
        return answer.Body;
    }

    protected async Task<JsonElement> GetAsync(string user, string url)
    {
        using var response = await (await As(user)).GetAsync(url);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), raw);
        return JsonDocument.Parse(raw).RootElement.Clone();
    }

    protected sealed record OutboxRow(long Version, string Type, JsonElement Payload);

    protected sealed record Rows(Dossier Dossier, List<DossierStep> Steps, List<DossierPause> Pauses, List<DossierLetter> Letters,
        List<AuditEntry> Audit, List<OutboxRow> Outbox)
    {
        public DossierStep Open => Steps.Single(s => s.CompletedAt is null);

        /// <summary>Outbox rows written after <paramref name="earlier"/> was read, in event order.</summary>
        public List<string> NewEvents(Rows earlier) => [.. Outbox.Where(o => o.Version > earlier.Dossier.EventVersion).Select(o => o.Type)];
    }

    protected async Task<Rows> ReadAsync(Guid id)
    {
        await using var db = Db.Context();
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == id);
        var steps = await db.DossierSteps.AsNoTracking().Where(s => s.DossierId == id).OrderBy(s => s.Sequence).ToListAsync();
        var pauses = await db.DossierPauses.AsNoTracking().Where(p => p.DossierId == id).OrderBy(p => p.StartedAt).ToListAsync();
        var letters = await db.DossierLetters.AsNoTracking().Where(l => l.DossierId == id).OrderBy(l => l.DraftedAt).ToListAsync();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.DossierId == id).OrderBy(a => a.Id).ToListAsync();
        var outbox = (await db.OutboxMessages.AsNoTracking().Where(o => o.DossierId == id).ToListAsync())
            .Select(o =>
            {
                var payload = JsonDocument.Parse(o.Payload).RootElement.Clone();
                return new OutboxRow(payload.GetProperty("version").GetInt64(), o.Type, payload);
            })
            .OrderBy(o => o.Version).ToList();
        return new Rows(dossier, steps, pauses, letters, audit, outbox);
    }

    /// <summary>Starts every request at once (all wait on one gate) and collects the answers.</summary>
    protected static async Task<Answer[]> TogetherAsync(IReadOnlyList<Func<Task<Answer>>> requests)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = requests.Select(request => Task.Run(async () =>
        {
            await gate.Task;
            return await request();
        })).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>Separate HttpClients signed in as <paramref name="users"/> (one token per user).</summary>
    protected async Task<List<HttpClient>> ClientsAsync(IEnumerable<string> users)
    {
        var clients = new List<HttpClient>();
        foreach (var user in users)
        {
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Authorization = (await As(user)).DefaultRequestHeaders.Authorization;
            clients.Add(client);
        }
        return clients;
    }

    protected static string Quoted(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The instant in a detail JSON property, compared as an instant (the JSON is UTC).</summary>
    protected static DateTimeOffset Instant(JsonElement e, string property) => e.GetProperty(property).GetDateTimeOffset();
}
