using System.Globalization;
using Npgsql;
using OneStop.Benchmarks.Load;

namespace OneStop.Benchmarks.Scenarios;

/// <summary>
/// Issue #8's multi-instance test on one machine: two web and two worker processes on loopback against the same
/// PostgreSQL and RabbitMQ, load split across both webs, one worker killed mid-run. Before the workers start, the open
/// steps of a few dossiers are made overdue (their due instants moved into the past with SQL: a clock cannot be
/// back-dated across processes), so both workers' overdue watches race to notify the same officers.
/// Afterwards <see cref="Consistency"/> must hold, and every expected notice exists exactly once and is e-mailed at most once.
/// </summary>
internal sealed record MultiScenario(ScenarioSettings Settings, int Clients, int Seed, TimeSpan Duration)
{
    private const int OverdueDossiers = 8;

    public Task<int> RunAsync(TextWriter output, CancellationToken ct) =>
        Scenario.RunAsync("multi", Settings, output, $"Multi-instance scenario: 2 web + 2 worker, one worker killed mid-run; {Clients} clients, {Duration.TotalSeconds:0} s, seed {Seed}", async (services, verdict, log) =>
        {
            await using var smtp = new SmtpSink();
            await using (var connection = await services.OpenAsync(ct))
            {
                // The demo officers have no e-mail address: give each one, so the watch's e-mail copies can be counted.
                await using var emails = new NpgsqlCommand("""
                    UPDATE "AspNetUsers" SET email = user_name || '@onestop.test', normalized_email = upper(user_name || '@onestop.test')
                    """, connection);
                await emails.ExecuteNonQueryAsync(ct);
            }
            var settings = new Dictionary<string, string>
            {
                ["OneStop__Overdue__Interval"] = "00:00:02",
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Smtp__StartTls"] = "false",
            };
            await using var web1 = new AppProcess("web-1", "web", Settings, settings, log);
            await using var web2 = new AppProcess("web-2", "web", Settings, settings, log);
            await using var worker1 = new AppProcess("worker-1", "worker", Settings, settings, log);
            await using var worker2 = new AppProcess("worker-2", "worker", Settings, settings, log);
            await Task.WhenAll(web1.StartAsync(ct), web2.StartAsync(ct));
            string[] webs = [web1.Url, web2.Url];

            var early = await RegisterAsync(web1.Url, ct);
            var overdueSteps = await BackdateAsync(services, [.. early.Select(d => d.Id)], ct);
            log($"{overdueSteps.Count} open steps of {early.Count} dossiers made overdue");

            await Task.WhenAll(worker1.StartAsync(ct), worker2.StartAsync(ct));
            var load = LoadGenerator.RunAsync(new LoadOptions([.. webs.Select(u => new Uri(u))], Clients, Duration, Seed)
            {
                Password = ScenarioSettings.DemoPassword,
            }, null, ct);
            await Task.Delay(Duration / 2, ct);
            worker1.Kill();
            var result = await load;
            log($"load: {result.Counts.Requests} requests, {result.Counts.Success} answered 2xx, {result.Counts.ServerErrors} 5xx, {result.CompletedDossiers} dossiers returned");

            var consistency = new Consistency(services, log);
            verdict.Figure("processes", "2 web + 2 worker");
            verdict.Figure("requests sent", result.Counts.Requests + early.Count);
            verdict.Figure("requests answered 2xx", result.Counts.Success + early.Count);
            verdict.Figure("acknowledged registrations", result.Dossiers.Count + early.Count);
            verdict.Figure("acknowledged transitions", result.Transitions.Count);
            verdict.Figure("dossiers returned to the citizen", result.CompletedDossiers);
            verdict.Figure("workers killed mid-run", 1);
            verdict.Zero("5xx", result.Counts.ServerErrors);
            await consistency.CheckAsync(verdict, TimeSpan.FromMinutes(1), [.. early, .. result.Dossiers], result.Transitions);
            await CheckNoticesAsync(verdict, services, consistency, overdueSteps, smtp);
        }, ct);

    /// <summary>Dossiers registered at the desk (khai sinh) before any worker runs: their open steps are made overdue.</summary>
    private static async Task<List<AcknowledgedDossier>> RegisterAsync(string url, CancellationToken ct)
    {
        const string Procedure = "1.001193";
        var options = new LoadOptions([new Uri(url)], 1, TimeSpan.Zero) { Password = ScenarioSettings.DemoPassword };
        using var api = new ApiSession(new Uri(url), options, new LoadMetrics());
        var registered = new List<AcknowledgedDossier>();
        for (var i = 1; i <= OverdueDossiers; i++)
        {
            var reply = await api.SendAsync("POST /api/dossiers", LoadClient.Desk, HttpMethod.Post, "/api/dossiers", new
            {
                procedureCode = Procedure,
                owner = new { fullName = $"Người Quá Hạn {i}", idNumber = $"03819000{i:D4}" },
                documents = new[] { "to-khai", "giay-chung-sinh", "giay-to-tuy-than" }.Select(k => new { key = k, originals = 1, certified = 0, photocopies = 0 }),
            }, ct);
            if (!reply.Ok)
            {
                throw new ScenarioException($"registration for the overdue watch: {reply.Status} {reply.Body}");
            }
            registered.Add(new AcknowledgedDossier(reply.Body.GetProperty("id").GetGuid(), reply.Body.GetProperty("code").GetString()!, Procedure,
                TimeProvider.System.GetUtcNow()));
        }
        return registered;
    }

    /// <summary>Moves the due instant of the dossiers' open steps a week into the past; returns the steps.</summary>
    private static async Task<List<Guid>> BackdateAsync(ScenarioServices services, Guid[] dossiers, CancellationToken ct)
    {
        await using var connection = await services.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            UPDATE dossier_steps s SET started_at = now() - interval '10 days', due_at = now() - interval '7 days'
            FROM dossiers d
            WHERE d.id = s.dossier_id AND s.dossier_id = ANY(@ids) AND s.completed_at IS NULL AND d.status IN (2, 4, 9)
            RETURNING s.id
            """, connection);
        command.Parameters.AddWithValue("ids", dossiers);
        var steps = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            steps.Add(reader.GetGuid(0));
        }
        return steps;
    }

    /// <summary>
    /// Every overdue step: its holder and its unit's leaders told once that it is overdue, the agency's supervisors
    /// once that it is escalated (a week overdue is past any escalation threshold), one StepOverdue event; no e-mail
    /// copy sent twice or without its notice.
    /// </summary>
    private static async Task CheckNoticesAsync(Verdict v, ScenarioServices services, Consistency db, List<Guid> steps, SmtpSink smtp)
    {
        var ids = string.Join(',', steps.Select(s => $"'{s}'"));
        var stepList = steps.Count == 0 ? "NULL" : ids;
        const string Roles = """
            SELECT u.id, u.agency_id, u.unit_id, r.name AS role FROM "AspNetUsers" u
            JOIN "AspNetUserRoles" ur ON ur.user_id = u.id JOIN "AspNetRoles" r ON r.id = ur.role_id
            """;
        var expected = $"""
            WITH steps AS (SELECT s.id, s.assignee_id, s.unit_id, d.agency_id FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
                           WHERE s.id IN ({stepList})),
                 roles AS ({Roles})
            SELECT id AS step_id, assignee_id AS officer_id, 2 AS kind FROM steps WHERE assignee_id IS NOT NULL
            UNION SELECT s.id, r.id, 2 FROM steps s JOIN roles r ON r.role = 'leader' AND r.unit_id = s.unit_id AND r.agency_id = s.agency_id
            UNION SELECT s.id, r.id, 3 FROM steps s JOIN roles r ON r.role = 'supervisor' AND r.agency_id = s.agency_id
            """;
        var actual = $"SELECT step_id, officer_id, kind FROM notifications WHERE step_id IN ({stepList}) AND kind IN (2, 3)";
        v.Figure("overdue steps (back-dated)", steps.Count);
        var expectedCount = await db.CountAsync($"SELECT count(*) FROM ({expected}) e");
        v.Rule("overdue + escalation notices expected", expectedCount, expectedCount >= steps.Count && steps.Count > 0);
        v.Zero("expected notices missing", await db.CountAsync($"SELECT count(*) FROM (({expected}) EXCEPT ({actual})) m"));
        v.Zero("notices nobody should get", await db.CountAsync($"SELECT count(*) FROM (({actual}) EXCEPT ({expected})) x"));
        v.Zero("notices sent twice", await db.CountAsync(
            "SELECT count(*) FROM (SELECT 1 FROM notifications GROUP BY step_id, officer_id, kind HAVING count(*) > 1) d"));
        v.Zero("StepOverdue events not exactly one per step", await db.CountAsync($"""
            SELECT count(*) FROM dossier_steps s
            WHERE s.id IN ({stepList}) AND (SELECT count(*) FROM outbox_messages o
                WHERE o.type = 'StepOverdue' AND o.dossier_id = s.dossier_id AND o.payload->>'stepKey' = s.step_key) <> 1
            """));
        // Each notice is stamped (claimed) just before its e-mail is sent, and later passes send what earlier ones did not:
        // none is sent twice, every one is sent once the surviving worker has caught up, except at most the one copy
        // a killed worker had claimed and not sent yet.
        for (var waited = 0; waited < 30 && await db.CountAsync("SELECT count(*) FROM notifications WHERE emailed_at IS NULL") > 0; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var mails = smtp.Messages.Select(m => (m.To, Text: m.Text.Trim())).ToList();
        var notices = new List<(string To, string Text, bool Stamped)>();
        await using (var connection = await services.OpenAsync())
        await using (var read = new NpgsqlCommand("""
            SELECT u.email, n.message, n.emailed_at IS NOT NULL FROM notifications n JOIN "AspNetUsers" u ON u.id = n.officer_id
            """, connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                notices.Add((reader.GetString(0), reader.GetString(1).Trim(), reader.GetBoolean(2)));
            }
        }
        var stamped = notices.Where(n => n.Stamped).Select(n => (n.To, n.Text)).ToHashSet();
        v.Figure("notices (all kinds)", notices.Count);
        v.Figure("e-mails received", mails.Count);
        v.Zero("notices never e-mailed", notices.Count(n => !n.Stamped));
        v.Zero("e-mails sent, not stamped", mails.Count(m => !stamped.Contains(m)));
        v.Zero("e-mails sent twice", mails.Count - mails.Distinct().Count());
        v.Zero("e-mails that are no notice", mails.Except(notices.Select(n => (n.To, n.Text))).Count());
        var lost = stamped.Except(mails).Count();
        v.Rule("notices claimed by the killed worker, never sent (at most 1)", lost, lost <= 1);
    }
}
