using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneStop.Testing;
using OneStop.Web.Data;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Overdue;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Overdue;

/// <summary>The overdue watch tells each officer once, publishes StepOverdue once, and escalates to supervisors.</summary>
public sealed class OverdueWatchTests
{
    // Thu 26/11/2026 10:00 in Vietnam. TestDossiers receives "now − 3 days" and gives the open processing step the due
    // "received + 2 days" = Wed 25/11 10:00: overdue by 90 + 210 (Wed) + 180 (Thu 07:00–10:00) = 480 working minutes,
    // exactly the 8 working hours after which supervisors are told. (Tue 24/11, Ngày Văn hóa Việt Nam, is a day off.)
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(7));

    private TestDatabase _db = null!;
    private OneStopApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("overdue");
        _app = new OneStopApp(_db, clock: new FakeTimeProvider(Now));
        await _app.SeedDemoAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<WatchPass> PassAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OverdueWatch>().RunOnceAsync(CancellationToken.None);
    }

    [Test]
    public async Task An_overdue_step_is_told_to_its_holder_and_escalated_once_however_many_passes_run()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);

        // Two instances at once, then a later pass: the advisory lock and the unique index keep every notice single.
        var passes = await Task.WhenAll(PassAsync(), PassAsync());
        var again = await PassAsync();

        await using var db = _db.Context();
        var notices = await db.Notifications.Where(n => n.DossierId == dossier.Id).ToListAsync();
        var supervisor = await db.Users.SingleAsync(u => u.UserName == "giamsat");
        Assert.Multiple(() =>
        {
            Assert.That(passes.Sum(p => p.Overdue) + again.Overdue, Is.EqualTo(1));
            Assert.That(notices.Select(n => (n.OfficerId, n.Kind)), Is.EquivalentTo(new[]
            {
                (dossier.AssigneeId, NotificationKind.Overdue),
                (supervisor.Id, NotificationKind.Escalated),
            }));
            Assert.That(notices.Single(n => n.Kind == NotificationKind.Overdue).Message, Does.Contain(dossier.Code).And.Contain("đã quá hạn"));
        });
        var overdueEvents = await db.OutboxMessages.Where(m => m.DossierId == dossier.Id && m.Type == DossierEventTypes.StepOverdue).CountAsync();
        Assert.That(overdueEvents, Is.EqualTo(1));
    }

    [Test]
    public async Task A_paused_dossier_is_not_overdue_because_its_clock_stands_still()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.SupplementRequested);

        await PassAsync();

        await using var db = _db.Context();
        Assert.That(await db.Notifications.CountAsync(n => n.DossierId == dossier.Id), Is.Zero);
    }

    [Test]
    public async Task The_supervisor_sees_overdue_steps_by_unit_and_officer_and_the_holder_reads_the_notice()
    {
        var dossier = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress, ownerName: "Đặng Văn Quá Hạn");
        await PassAsync();

        using var supervisor = _app.CreateClient();
        supervisor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(supervisor, "giamsat", OneStopApp.DemoPassword));
        var report = await supervisor.GetFromJsonAsync<JsonElement>("/api/overdue");
        var item = report.GetProperty("overdue").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == dossier.Id);
        Assert.That(item.GetProperty("stepOverdue").GetBoolean(), Is.True);
        Assert.That(report.GetProperty("byOfficer").EnumerateArray().Any(g => g.GetProperty("name").GetString() == "Lê Văn Minh"
            && g.GetProperty("overdue").GetInt32() >= 1), Is.True);

        using var specialist = _app.CreateClient();
        specialist.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(specialist, TestDossiers.AssigneeUserName, OneStopApp.DemoPassword));
        var forbidden = await specialist.GetAsync("/api/overdue");
        Assert.That((int)forbidden.StatusCode, Is.EqualTo(403));
        var mine = await specialist.GetFromJsonAsync<JsonElement>("/api/notifications");
        var notice = mine.EnumerateArray().First(n => n.GetProperty("dossierId").GetGuid() == dossier.Id);
        using var read = await specialist.PostAsync($"/api/notifications/{notice.GetProperty("id").GetGuid()}/read", null);
        Assert.That((int)read.StatusCode, Is.EqualTo(204));
        await using var db = _db.Context();
        Assert.That(await db.Notifications.Where(n => n.DossierId == dossier.Id && n.OfficerId == dossier.AssigneeId)
            .Select(n => n.ReadAt).SingleAsync(), Is.EqualTo(Now));
    }
}
