using System.Net;
using System.Text.Json;
using OneStop.Testing;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Tests.Processing;

/// <summary>
/// Random walks through the real API and database: officers pick among the actions they are offered (and sometimes
/// something they are not), the fake clock moves on between actions. After every answer the rows must agree with it:
/// one audit row per accepted transition and none for a refusal, consistent holdings, gapless events, deadlines that
/// never move earlier. Seeds are fixed, so a failure replays.
/// </summary>
public sealed class ProcessingSequenceTests : ProcessingHarness
{
    private static readonly string[] Users = ["tiepnhan", "chuyenvien", "chuyenvien2", "lanhdao", "truongphong", "giamsat"];
    private static readonly string[] Procedures = ["2.000815", "1.001776", "LOCAL.ks-tt-bhyt"];
    private static readonly string[] AllActions =
    [
        "complete-step", "send-back", "request-supplement", "receive-supplement", "refuse", "transfer-to-partner", "receive-from-partner",
        "approve", "return-for-rework", "request-extension", "approve-extension", "reject-extension", "withdraw", "assign",
    ];

    [Test]
    public async Task Every_answer_matches_the_rows_along_random_walks()
    {
        var catalog = Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath);
        var accepted = new Dictionary<string, int>();
        At("2026-11-25 08:00");
        for (var seed = 1; seed <= 9; seed++)
        {
            var random = new Random(seed);
            var procedure = Procedures[seed % Procedures.Length];
            var definition = catalog.Find(procedure)!;
            var id = await RegisterAsync(procedure, $"Người Thử {seed}");
            var rows = await ReadAsync(id);
            for (var move = 0; move < 40 && rows.Dossier.Status is not (DossierStatus.Returned or DossierStatus.Stopped or DossierStatus.Withdrawn); move++)
            {
                Clock.Advance(TimeSpan.FromMinutes(random.Next(0, 5) == 0 ? random.Next(0, 1500) : random.Next(0, 90)));
                // Mostly: the first officer (from a random one on) who is offered something does one of those things.
                // Sometimes: a random officer tries a random action. Refusal and withdrawal end the walk, so they are rare.
                bool Rare(string a) => a is "refuse" or "withdraw" && random.Next(15) > 0;
                var user = Users[random.Next(Users.Length)];
                var offered = new List<string>();
                var action = AllActions[random.Next(AllActions.Length)];
                if (random.Next(6) > 0)
                {
                    var first = random.Next(Users.Length);
                    for (var k = 0; k < Users.Length && offered.Count == 0; k++)
                    {
                        user = Users[(first + k) % Users.Length];
                        offered = [.. (await GetAsync(user, $"/api/dossiers/{id}/actions")).EnumerateArray()
                            .Select(a => a.GetProperty("action").GetString()!).Where(a => !Rare(a))];
                    }
                    if (offered.Count > 0)
                    {
                        action = offered[random.Next(offered.Count)];
                    }
                }
                else
                {
                    offered = [.. (await GetAsync(user, $"/api/dossiers/{id}/actions")).EnumerateArray().Select(a => a.GetProperty("action").GetString()!)];
                }
                if (Rare(action))
                {
                    action = "complete-step";
                }
                var body = await BodyAsync(action, rows, definition, random);
                var context = $"seed {seed}, move {move}: {user} {action} at {Clock.GetUtcNow().ToOffset(Vn):dd/MM HH:mm} in {rows.Dossier.Status}/{rows.Dossier.CurrentStepKey}";

                var answer = await ActAsync(await As(user), id, action, body);
                var after = await ReadAsync(id);

                Assert.That(answer.Status, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.Conflict),
                    $"{context}: {answer}");
                if (answer.Status == HttpStatusCode.OK)
                {
                    accepted[action] = accepted.GetValueOrDefault(action) + 1;
                    CheckAccepted(rows, after, answer, action, context);
                }
                else
                {
                    Assert.That(offered.Contains(action) && answer.Status == HttpStatusCode.Forbidden, Is.False, $"{context}: offered but forbidden: {answer}");
                    Assert.That((after.Dossier.RowVersion, after.Audit.Count, after.Outbox.Count, after.Steps.Count, after.Pauses.Count, after.Letters.Count),
                        Is.EqualTo((rows.Dossier.RowVersion, rows.Audit.Count, rows.Outbox.Count, rows.Steps.Count, rows.Pauses.Count, rows.Letters.Count)),
                        $"{context}: a refusal changed something: {answer}");
                }
                CheckWhole(after, context);
                rows = after;
            }
        }
        TestContext.Out.WriteLine(string.Join(", ", accepted.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.That(accepted.Keys, Has.Count.GreaterThanOrEqualTo(8), "the walks reach most actions");
    }

    private async Task<object> BodyAsync(string action, Rows rows, Workflows.Definitions.ProcedureDefinition definition, Random random)
    {
        var step = definition.Steps.FirstOrDefault(s => s.Key == rows.Dossier.CurrentStepKey);
        switch (action)
        {
            case "send-back" or "return-for-rework":
                var targets = step?.SendBackTo ?? [];
                return new { targetStep = targets.Count > 0 ? targets[random.Next(targets.Count)] : "tiep-nhan", reason = "Cần làm lại" };
            case "request-supplement":
                return new { reason = "Thiếu giấy tờ", items = new[] { new { name = "Giấy xác nhận", originals = 1, certified = 0, photocopies = 0 } } };
            case "request-extension":
                return new { newAppointment = rows.Dossier.AppointmentAt!.Value.AddDays(random.Next(-1, 6)), reason = "Chờ xác minh" };
            case "assign":
                var open = rows.Steps.FirstOrDefault(s => s.CompletedAt is null);
                var candidates = open is null ? [] : (await GetAsync("truongphong", $"/api/dossiers/{rows.Dossier.Id}/candidates")).EnumerateArray()
                    .Select(c => c.GetProperty("officerId").GetGuid()).ToList();
                return new { assignee = candidates.Count > 0 ? candidates[random.Next(candidates.Count)] : Guid.NewGuid() };
            default:
                return new { reason = random.Next(4) == 0 ? null : "Lý do" };
        }
    }

    private static void CheckAccepted(Rows before, Rows after, Answer answer, string action, string context)
    {
        Assert.Multiple(() =>
        {
            Assert.That(after.Audit, Has.Count.EqualTo(before.Audit.Count + 1), $"{context}: one audit row per accepted transition");
            var audit = after.Audit[^1];
            Assert.That((audit.Action, audit.FromStatus, audit.ToStatus), Is.EqualTo((action, (DossierStatus?)before.Dossier.Status, after.Dossier.Status)), context);
            Assert.That(audit.StepKey, Is.EqualTo(before.Dossier.CurrentStepKey), context);
            Assert.That(after.Outbox, Has.Count.GreaterThan(before.Outbox.Count), $"{context}: an accepted action publishes");
            Assert.That(answer.Body.GetProperty("rowVersion").GetUInt32(), Is.EqualTo(after.Dossier.RowVersion), context);
            Assert.That(answer.Body.GetProperty("status").GetString(), Is.EqualTo(after.Dossier.Status.ToString()), context);
            Assert.That(after.Dossier.AppointmentAt, Is.GreaterThanOrEqualTo(before.Dossier.AppointmentAt!.Value), $"{context}: appointment moved earlier");
            var wasOpen = before.Steps.FirstOrDefault(s => s.CompletedAt is null);
            var stillOpen = wasOpen is null ? null : after.Steps.Single(s => s.Id == wasOpen.Id);
            if (stillOpen is { CompletedAt: null })
            {
                Assert.That(stillOpen.DueAt, Is.GreaterThanOrEqualTo(wasOpen!.DueAt), $"{context}: step due moved earlier");
            }
            // Rows written before stay as they were (except the open holding and the open pause).
            foreach (var old in before.Steps.Where(s => s.CompletedAt is not null))
            {
                var now = after.Steps.Single(s => s.Id == old.Id);
                Assert.That((now.CompletedAt, now.Outcome, now.DueAt, now.AssigneeId), Is.EqualTo((old.CompletedAt, old.Outcome, old.DueAt, old.AssigneeId)), $"{context}: a closed holding changed");
            }
        });
    }

    private static void CheckWhole(Rows rows, string context)
    {
        var closed = rows.Dossier.Status is DossierStatus.Returned or DossierStatus.Stopped or DossierStatus.Withdrawn;
        Assert.Multiple(() =>
        {
            Assert.That(rows.Steps.Count(s => s.CompletedAt is null), Is.EqualTo(closed ? 0 : 1),
                $"{context}: one open holding while the dossier is worked on");
            if (!closed)
            {
                Assert.That(rows.Open.StepKey, Is.EqualTo(rows.Dossier.CurrentStepKey), context);
            }
            Assert.That(rows.Steps.Select(s => s.Sequence), Is.EqualTo(Enumerable.Range(1, rows.Steps.Count)), context);
            Assert.That(rows.Outbox.Select(o => o.Version), Is.EqualTo(Enumerable.Range(1, rows.Outbox.Count).Select(i => (long)i)), context);
            Assert.That(rows.Dossier.EventVersion, Is.EqualTo(rows.Outbox.Count), context);
            Assert.That(rows.Pauses.Count(p => p.EndedAt is null), Is.EqualTo(rows.Dossier.Status == DossierStatus.SupplementRequested ? 1 : 0), context);
            for (var i = 1; i < rows.Pauses.Count; i++)
            {
                Assert.That(rows.Pauses[i - 1].EndedAt, Is.LessThanOrEqualTo(rows.Pauses[i].StartedAt), $"{context}: pauses overlap");
            }
            Assert.That(rows.Letters.Count(l => l.Kind == LetterKind.Apology && l.State == LetterState.Approved), Is.LessThanOrEqualTo(1), context);
            Assert.That(rows.Letters.Count(l => l.Kind == LetterKind.Apology && l.State == LetterState.Draft), Is.LessThanOrEqualTo(1), context);
        });
    }
}
