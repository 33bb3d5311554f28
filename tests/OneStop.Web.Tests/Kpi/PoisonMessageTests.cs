using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneStop.Testing;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Tests.Account;
using RabbitMQ.Client;

namespace OneStop.Web.Tests.Kpi;

/// <summary>A message the KPI projector cannot read goes to its error queue, changes nothing, and the administrator sees it.</summary>
public sealed class PoisonMessageTests
{
    [Test]
    public async Task An_unreadable_message_lands_in_the_error_queue_and_shows_on_the_outbox_status()
    {
        await using var db = await TestDatabase.CreateAsync("poison");
        await using var app = new OneStopApp(db, worker: true);
        await app.SeedDemoAsync();
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(admin, "quantri", OneStopApp.DemoPassword));
        var queue = db.Name + "." + KpiProjector.Name;

        var before = await ErrorMessagesAsync(admin);
        Assert.That(before, Is.EqualTo(0), "no poison message yet");

        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = TestServices.AmqpPort };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            // The worker declares its queue when its consumer starts.
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    await channel.QueueDeclarePassiveAsync(queue);
                    break;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) when (i < 99)
                {
                    await Task.Delay(200);
                }
            }
        }
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes("{ \"message\": không phải JSON"));
        }

        long? after = 0;
        for (var i = 0; i < 150 && after == 0; i++)
        {
            await Task.Delay(200);
            after = await ErrorMessagesAsync(admin);
        }
        Assert.That(after, Is.EqualTo(1), "the unreadable message is in the projector's error queue, shown to the administrator");
        await using var context = db.Context();
        Assert.That(await context.KpiDossierFacts.CountAsync(), Is.Zero, "the poison message changed no projection");
    }

    private static async Task<long?> ErrorMessagesAsync(HttpClient admin)
    {
        var status = await admin.GetFromJsonAsync<JsonElement>("/api/admin/outbox");
        var queue = status.GetProperty("errorQueues")[0];
        Assert.That(queue.GetProperty("queue").GetString(), Does.EndWith(KpiProjector.Name + "_error"));
        return queue.GetProperty("messages").ValueKind == JsonValueKind.Null ? null : queue.GetProperty("messages").GetInt64();
    }
}
