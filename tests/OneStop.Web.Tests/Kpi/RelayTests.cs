using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneStop.Testing;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Kpi;

/// <summary>
/// The outbox relay against an unreachable broker, then against the real one from two app instances at once;
/// the operator's <c>onestop kpi</c>, <c>kpi verify</c> and <c>kpi rebuild</c>; <c>GET /api/kpi</c> and its roles.
/// </summary>
[NonParallelizable]
public sealed class RelayTests
{
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _db = await TestDatabase.CreateAsync("kpirelay");

    [OneTimeTearDown]
    public async Task StopAsync() => await _db.DisposeAsync();

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HttpClient> ClientAsync(OneStopApp app, string user)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(client, user, OneStopApp.DemoPassword));
        return client;
    }

    private static async Task RegisterAsync(HttpClient desk, string owner)
    {
        using var response = await desk.PostAsJsonAsync("/api/dossiers", new
        {
            procedureCode = "1.001193",
            owner = new { fullName = owner, idNumber = "038190001234" },
            documents = new[]
            {
                new { key = "to-khai", originals = 1, certified = 0, photocopies = 0 },
                new { key = "giay-chung-sinh", originals = 1, certified = 0, photocopies = 0 },
                new { key = "giay-to-tuy-than", originals = 1, certified = 0, photocopies = 0 },
            },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private Task<(int Code, string Stdout, string Stderr)> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync("onestop.dll", new Dictionary<string, string>
        {
            ["ONESTOP_WORKFLOWS"] = TestServices.WorkflowsPath,
            ["ConnectionStrings__OneStop"] = _db.ConnectionString,
        }, args);

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < within)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return await condition();
    }

    [Test]
    public async Task Events_written_while_the_broker_is_unreachable_are_published_and_projected_once_it_is()
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // 1. The broker port is wrong: registrations succeed, their events wait in the outbox with the error recorded.
        await using (var offline = new OneStopApp(_db, worker: true, amqpPort: UnusedPort(),
            settings: new Dictionary<string, string>
            {
                ["OneStop:Worker:PublishTimeout"] = "00:00:01",
                // Back-off capped at 2 s, so the rows are due again soon after the broker is back.
                ["OneStop:Worker:MaxBackoff"] = "00:00:02",
            }))
        {
            await offline.SeedDemoAsync();
            using var desk = await ClientAsync(offline, "tiepnhan");
            await RegisterAsync(desk, "Nguyễn Văn An");
            await RegisterAsync(desk, "Trần Thị Bích");
            await using var db = _db.Context();
            Assert.That(await EventuallyAsync(async () => await db.OutboxMessages.AnyAsync(m => m.Attempts > 0 && m.LastError != null),
                TimeSpan.FromSeconds(20)), Is.True, "the relay records its failed attempts");
            Assert.That(await db.OutboxMessages.CountAsync(m => m.PublishedAt != null), Is.Zero);
        }

        // 2. Two instances with the right port (competing relays and consumers): everything is published once and projected.
        await using var first = new OneStopApp(_db, worker: true);
        await using var second = new OneStopApp(_db, worker: true);
        _ = first.Services;
        _ = second.Services;
        await using (var db = _db.Context())
        {
            var caughtUp = await EventuallyAsync(async () =>
                !await db.OutboxMessages.AnyAsync(m => m.PublishedAt == null)
                && await db.Dossiers.CountAsync() == 2
                && await db.Dossiers.AllAsync(d => db.KpiDossierFacts.Any(f => f.DossierId == d.Id && f.LastVersion == d.EventVersion)),
                TimeSpan.FromSeconds(40));
            var state = string.Join("; ", (await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync())
                .Select(m => $"{m.Type} v? published={m.PublishedAt is not null} attempts={m.Attempts} next={m.NextAttemptAt:HH:mm:ss.fff} {m.LastError}"));
            var facts = string.Join("; ", (await db.KpiDossierFacts.AsNoTracking().ToListAsync()).Select(f => $"{f.DossierId} v{f.LastVersion}"));
            var versions = string.Join("; ", await db.Dossiers.Select(d => d.EventVersion).ToListAsync());
            Assert.That(caughtUp, Is.True, $"after the back-off every event is published and projected\n{state}\nfacts: {facts}\ndossiers: {versions}");
            var events = await db.OutboxMessages.CountAsync();
            Assert.That(await db.InboxMessages.CountAsync(m => m.Consumer == "kpi-projector"), Is.EqualTo(events), "each event handled once");
        }

        // 3. The operator's view: the table, JSON, verify, a tampered projection, rebuild.
        var table = await CliAsync("kpi", "--from", today, "--to", today, "--agency", "H99.100");
        Assert.That(table.Code, Is.Zero, table.Stderr);
        Assert.That(table.Stdout, Does.Contain("Tổng số hồ sơ tiếp nhận").And.Contain("TDGQ"));
        var json = await CliAsync("kpi", "--from", today, "--to", today, "--agency", "H99.100", "--format", "json");
        Assert.That(json.Code, Is.Zero, json.Stderr);
        var figures = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("sections").EnumerateArray()
            .SelectMany(s => s.GetProperty("figures").EnumerateArray())
            .ToDictionary(f => f.GetProperty("key").GetString()!, f => f);
        Assert.That(figures["received.total"].GetProperty("value").GetDecimal(), Is.EqualTo(2));
        Assert.That(figures["rates.satisfaction"].GetProperty("target").GetDecimal(), Is.EqualTo(95));

        var verify = await CliAsync("kpi", "verify");
        Assert.That(verify.Code, Is.Zero, verify.Stdout + verify.Stderr);

        await using (var db = _db.Context())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE kpi_dossier_facts SET fee = fee + 1000, channel = 2");
        }
        var broken = await CliAsync("kpi", "verify");
        Assert.That(broken.Code, Is.EqualTo(1));
        Assert.That(broken.Stdout, Does.Contain("fee").And.Contain("Trực tuyến"));

        var rebuild = await CliAsync("kpi", "rebuild");
        Assert.That(rebuild.Code, Is.Zero, rebuild.Stderr);
        Assert.That(rebuild.Stdout, Does.Contain("2 hồ sơ"));
        var again = await CliAsync("kpi", "verify");
        Assert.That(again.Code, Is.Zero, again.Stdout);

        var bad = await CliAsync("kpi", "--from", "01/11/2026", "--to", today);
        Assert.That(bad.Code, Is.EqualTo(2));
        Assert.That(bad.Stderr, Does.Contain("yyyy-MM-dd"));

        // 4. The API: supervisors, leaders and admins only; dates checked.
        using var supervisor = await ClientAsync(first, "giamsat");
        var report = await supervisor.GetFromJsonAsync<JsonElement>($"/api/kpi?from={today}&to={today}");
        Assert.That(report.GetProperty("qd766").GetArrayLength(), Is.EqualTo(5));
        using var desk2 = await ClientAsync(first, "tiepnhan");
        using var forbidden = await desk2.GetAsync($"/api/kpi?from={today}&to={today}");
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var invalid = await supervisor.GetAsync("/api/kpi?from=2026-11-30&to=2026-11-01");
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var admin = await ClientAsync(first, "quantri");
        var outbox = await admin.GetFromJsonAsync<JsonElement>("/api/admin/outbox");
        Assert.That(outbox.GetProperty("unpublished").GetInt32(), Is.Zero);
        using var notAdmin = await supervisor.GetAsync("/api/admin/outbox");
        Assert.That(notAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
