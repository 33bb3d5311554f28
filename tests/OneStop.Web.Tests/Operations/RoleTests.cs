using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OneStop.Testing;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Overdue;

namespace OneStop.Web.Tests.Operations;

/// <summary>One binary, roles by configuration: a worker has no pages or API, a web instance runs no background work.</summary>
public sealed class RoleTests
{
    [Test]
    public async Task A_worker_serves_only_health_and_a_web_instance_leaves_the_relay_and_the_watch_to_workers()
    {
        await using var db = await TestDatabase.CreateAsync("roles");
        await using var app = new OneStopApp(db);
        await using var worker = app.WithWebHostBuilder(b => b.UseSetting("OneStop:Role", "worker"));
        // Switched on explicitly (tests switch them off by default): the web role must still turn them off.
        await using var web = app.WithWebHostBuilder(b => b.UseSetting("OneStop:Role", "web")
            .UseSetting("OneStop:Worker:Enabled", "true").UseSetting("OneStop:Overdue:Enabled", "true"));

        using var workerClient = worker.CreateClient();
        Assert.That((await workerClient.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await workerClient.GetAsync("/api/procedures")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await workerClient.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var webClient = web.CreateClient();
        Assert.That((await webClient.GetAsync("/api/procedures")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(web.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Enabled, Is.False);
        Assert.That(web.Services.GetRequiredService<IOptions<OverdueOptions>>().Value.Enabled, Is.False);
    }
}
