using System.Net;
using Microsoft.EntityFrameworkCore;
using OneStop.Testing;

namespace OneStop.Web.Tests.Migrations;

public sealed class MigrationTests
{
    [Test]
    public async Task Migrations_apply_to_an_empty_database_and_the_model_has_no_pending_changes()
    {
        await using var database = await TestDatabase.CreateAsync("migrations");
        await using var db = database.Context();

        var applied = await db.Database.GetAppliedMigrationsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.EqualTo(db.Database.GetMigrations()));
            Assert.That(applied, Is.Not.Empty);
            Assert.That(db.Database.HasPendingModelChanges(), Is.False,
                "the model changed without a migration: dotnet ef migrations add <Name> --project migrations/OneStop.Migrations");
        });
    }

    [Test]
    public async Task Ready_health_check_reaches_postgresql_and_rabbitmq()
    {
        await using var database = await TestDatabase.CreateAsync("health");
        await using var app = new OneStopApp(database);
        using var client = app.CreateClient();

        using var live = await client.GetAsync("/health/live");
        var ready = HttpStatusCode.ServiceUnavailable;
        // The bus connects in the background after start-up; give it a few seconds.
        for (var i = 0; i < 40 && ready != HttpStatusCode.OK; i++)
        {
            using var response = await client.GetAsync("/health/ready");
            ready = response.StatusCode;
            if (ready != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Api_reference_and_openapi_document_are_served_without_any_outside_address()
    {
        await using var database = await TestDatabase.CreateAsync("openapi");
        await using var app = new OneStopApp(database);
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/scalar/v1");
        var openApi = await client.GetStringAsync("/openapi/v1.json");

        // Offices may be offline: the API reference must load its script from this server, not a CDN.
        Assert.That(html, Does.Not.Match("(src|href)=\"https?://"));
        Assert.That(openApi, Does.Contain("/api/auth/token").And.Contain("/api/procedures/{code}"));
    }
}
