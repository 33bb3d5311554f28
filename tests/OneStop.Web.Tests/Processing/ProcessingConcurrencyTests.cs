using System.Net;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Tests.Processing;

/// <summary>
/// Many officers pressing at once on the same dossier: one wins, the others are told 409, and nothing is written
/// twice or half. Each request has its own HttpClient; all of them wait on one gate and start together.
/// </summary>
public sealed class ProcessingConcurrencyTests : ProcessingHarness
{
    private const int Parallel = 50;

    private static void AssertWhole(Rows rows)
    {
        Assert.Multiple(() =>
        {
            Assert.That(rows.Steps.Count(s => s.CompletedAt is null), Is.LessThanOrEqualTo(1), "at most one open holding");
            Assert.That(rows.Steps.Select(s => s.Sequence), Is.EqualTo(Enumerable.Range(1, rows.Steps.Count)), "holdings numbered without gaps");
            Assert.That(rows.Steps.Where(s => s.CompletedAt is not null).All(s => s.Outcome is not null && s.OnTime is not null && s.CompletedById is not null),
                Is.True, "closed holdings are closed completely");
            Assert.That(rows.Outbox.Select(o => o.Version), Is.EqualTo(Enumerable.Range(1, rows.Outbox.Count).Select(i => (long)i)), "events gapless");
            Assert.That(rows.Dossier.EventVersion, Is.EqualTo(rows.Outbox.Count));
            Assert.That(rows.Pauses.Count(p => p.EndedAt is null), Is.LessThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Fifty_parallel_complete_steps_make_one_change()
    {
        At("2026-11-23 08:00");
        var id = await RegisterAsync("2.000815");
        var before = await ReadAsync(id);
        var clients = await ClientsAsync(Enumerable.Repeat("chuyenvien", Parallel));
        At("2026-11-23 09:00");

        var answers = await TogetherAsync([.. clients.Select(c => (Func<Task<Answer>>)(() => ActAsync(c, id, "complete-step")))]);

        foreach (var c in clients)
        {
            c.Dispose();
        }
        var after = await ReadAsync(id);
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.OK), Is.EqualTo(1),
            string.Join("\n", answers.Where(a => a.Status != HttpStatusCode.Conflict).Select(a => a.ToString())));
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.Conflict), Is.EqualTo(Parallel - 1));
        Assert.Multiple(() =>
        {
            Assert.That(after.Steps, Has.Count.EqualTo(before.Steps.Count + 1));
            Assert.That(after.Audit.Select(a => a.Action), Is.EqualTo(new[] { "Registered", "complete-step" }));
            Assert.That(after.NewEvents(before), Is.EqualTo(new[] { "StepCompleted", "StepStarted", "StepAssigned" }));
        });
        AssertWhole(after);
    }

    [Test]
    public async Task Fifty_parallel_different_actions_make_one_change()
    {
        // A social allowance dossier at tham-dinh held by chuyenvien2 (Mon 23/11; appointment Mon 07/12 08:00).
        At("2026-11-23 10:00");
        var id = await RegisterAsync("1.001776");
        await Ok("truongphong", id, "assign", new { assignee = await OfficerAsync("chuyenvien2") });
        At("2026-11-23 10:30");
        var before = await ReadAsync(id);
        var version = Quoted(before.Dossier.RowVersion);
        var items = new[] { new { name = "Giấy xác nhận khuyết tật", originals = 0, certified = 1, photocopies = 0 } };
        (string User, string Action, object Body)[] moves =
        [
            ("chuyenvien2", "complete-step", new { }),
            ("chuyenvien2", "send-back", new { targetStep = "tiep-nhan", reason = "Tờ khai chưa ký" }),
            ("chuyenvien2", "request-supplement", new { reason = "Thiếu giấy xác nhận", items }),
            ("chuyenvien2", "refuse", new { reason = "Không thuộc đối tượng" }),
            ("chuyenvien2", "request-extension", new { newAppointment = new DateTimeOffset(2026, 12, 14, 8, 0, 0, Vn), reason = "Chờ xác minh" }),
            ("truongphong", "refuse", new { reason = "Không thuộc đối tượng" }),
            ("tiepnhan", "withdraw", new { reason = "Công dân xin rút" }),
            ("truongphong", "withdraw", new { reason = "Công dân xin rút" }),
        ];
        var picks = Enumerable.Range(0, Parallel).Select(i => moves[i % moves.Length]).ToList();
        var clients = await ClientsAsync(picks.Select(p => p.User));

        var answers = await TogetherAsync([.. picks.Select((p, i) => (Func<Task<Answer>>)(() => ActAsync(clients[i], id, p.Action, p.Body, ifMatch: version)))]);

        foreach (var c in clients)
        {
            c.Dispose();
        }
        var after = await ReadAsync(id);
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.OK), Is.EqualTo(1),
            string.Join("\n", answers.Where(a => a.Status != HttpStatusCode.Conflict).Select(a => a.ToString())));
        Assert.That(answers.Where(a => a.Status != HttpStatusCode.OK).Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.Conflict),
            string.Join("\n", answers.Select((a, i) => $"{picks[i].User} {picks[i].Action}: {a}").Where(a => !a.Contains(" 409 ", StringComparison.Ordinal))));
        var winner = picks[Array.FindIndex(answers, a => a.Status == HttpStatusCode.OK)];
        Assert.Multiple(() =>
        {
            Assert.That(after.Audit.Select(a => a.Action), Is.EqualTo(new[] { "Registered", "assign", winner.Action }));
            Assert.That(after.Steps.Count - before.Steps.Count, Is.EqualTo(winner.Action is "complete-step" or "send-back" ? 1 : 0));
            Assert.That(after.Pauses, Has.Count.EqualTo(winner.Action == "request-supplement" ? 1 : 0));
            Assert.That(after.Letters, Has.Count.EqualTo(winner.Action is "request-extension" or "withdraw" ? 1 : 0));
        });
        await using var db = Db.Context();
        Assert.That(db.CounterSlips.Count(s => s.DossierId == id), Is.EqualTo(winner.Action is "request-supplement" or "refuse" ? 1 : 0), "no slip of a losing request");
        AssertWhole(after);
    }
}
