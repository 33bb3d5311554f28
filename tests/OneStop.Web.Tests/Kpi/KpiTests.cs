using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Features.Events;
using OneStop.Web.Features.Kpi;

namespace OneStop.Web.Tests.Kpi;

/// <summary>
/// The event pipeline end to end with the real PostgreSQL and RabbitMQ: dossiers driven through the API, their
/// events relayed from the outbox to the broker, projected by the KPI consumer, and the table checked against
/// figures worked out by hand; duplicates and out-of-order deliveries; a relay that starts while the broker is
/// unreachable; <c>kpi verify</c> agreeing with the projection.
/// </summary>
[NonParallelizable]
public sealed class KpiTests() : KpiHarness(Monday8, "kpitable")
{
    // Monday 02/11/2026 08:00 in Vietnam, a working day.
    private static readonly DateTimeOffset Monday8 = new(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(7));

    private async Task<KpiReport> ReportAsync(DateOnly from, DateOnly to)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<KpiService>().ReportAsync(new KpiQuery(from, to, "H99.100"), default))!;
    }

    private static decimal? Figure(KpiReport report, string key) =>
        report.Sections.SelectMany(s => s.Figures).Single(f => f.Key == key).Value;

    [Test]
    public async Task Scripted_dossiers_give_the_hand_computed_table_and_verify_agrees()
    {
        // A: birth registration (same day, free), through every step on Monday, result returned, citizen satisfied.
        var a = await RegisterAsync("1.001193");
        await CompleteStepsAsync(a.Id, 2);            // xu-ly, ky-duyet → result ready Monday
        Clock.Advance(TimeSpan.FromMinutes(30));
        await ActAsync(a.Id, "return", new { delivery = "Desk", collectedBy = "Nguyễn Thị Hằng", identityChecked = true });
        using (var rating = await App.CreateClient().PostAsJsonAsync("/api/lookup/rating", new { code = a.Code, pin = a.Pin, rating = "Satisfied" }))
        {
            Assert.That(rating.IsSuccessStatusCode, Is.True, await rating.Content.ReadAsStringAsync());
        }

        // B: certified copies with a fee paid online; the specialist finishes on Wednesday: late, and the step late.
        var b = await RegisterAsync("2.000815", new { copies = 3, pagesPerCopy = 5 }, payment: 2 /* Online */);
        Clock.Advance(TimeSpan.FromDays(2));
        await CompleteStepsAsync(b.Id, 2);            // chung-thuc (late), ky-duyet → result ready Wednesday

        // C: withdrawn at the citizen's request on Wednesday.
        var c = await RegisterAsync("1.001193", owner: "Trần Văn Bình");
        Clock.Advance(TimeSpan.FromMinutes(10));
        await ActAsync(c.Id, "withdraw", new { reason = "Công dân xin rút hồ sơ" });

        // D: registered Wednesday 10:40, untouched: still in progress, overdue by Friday.
        var d = await RegisterAsync("1.001193", owner: "Lê Thị Cúc");

        // E: the liên thông procedure (3 working days): the two partner hand-offs, one of the four moves on paper;
        // result ready Wednesday, long before the appointment → trước hạn.
        var e = await RegisterAsync("LOCAL.ks-tt-bhyt", owner: "Đỗ Văn Em");
        await CompleteStepsAsync(e.Id, 2);            // dang-ky-khai-sinh, ky-khai-sinh
        await ActAsync(e.Id, "transfer-to-partner", new { mode = 0 });   // electronic
        await ActAsync(e.Id, "receive-from-partner", new { mode = 1 });  // paper
        await ActAsync(e.Id, "transfer-to-partner", new { mode = 0 });
        await ActAsync(e.Id, "receive-from-partner", new { mode = 0 });

        // F: certified copies paid in cash, result ready the same Wednesday → đúng hạn.
        var f = await RegisterAsync("2.000815", new { copies = 1, pagesPerCopy = 1 }, payment: 1 /* Cash */, owner: "Vũ Thị Phượng");
        await CompleteStepsAsync(f.Id, 2);

        // H: liên thông again (appointment three working days on); an apology letter moves the appointment a week later
        // (allowed at least one working day before the appointment); still in progress, within the deadline.
        var h = await RegisterAsync("LOCAL.ks-tt-bhyt", owner: "Lý Văn Hòa");
        Clock.Advance(TimeSpan.FromMinutes(30));
        await ActAsync(h.Id, "request-extension", new
        {
            reason = "Chờ kết quả xác minh nơi cư trú",
            newAppointment = new DateTimeOffset(2026, 11, 13, 17, 0, 0, TimeSpan.FromHours(7)),
        });
        Clock.Advance(TimeSpan.FromMinutes(30));
        await ActAsync(h.Id, "approve-extension");

        // G: registered Thursday after the 15:00 cut-off (due Friday), waiting for a supplement: in progress, within
        // its deadline, paused.
        Clock.Advance(TimeSpan.FromHours(26));
        var g = await RegisterAsync("1.001193", owner: "Hồ Văn Giang");
        Clock.Advance(TimeSpan.FromMinutes(30));
        await ActAsync(g.Id, "request-supplement", new
        {
            reason = "Thiếu bản chính giấy chứng sinh",
            items = new[] { new { name = "Giấy chứng sinh (bản chính)", originals = 1, certified = 0, photocopies = 0 } },
        });

        // I: submitted online Thursday, fee paid online, accepted by the desk: due three working days on (Tuesday 10).
        // J: submitted online, not accepted (form 03): never received, counted as not accepted.
        var i = await SubmitOnlineAsync("Mai Thị Lan");
        using (var accepted = await (await ClientAsync("tiepnhan")).PostAsJsonAsync($"/api/dossiers/{i}/actions/accept", new { }))
        {
            Assert.That(accepted.IsSuccessStatusCode, Is.True, await accepted.Content.ReadAsStringAsync());
        }
        var j = await SubmitOnlineAsync("Tạ Văn Khôi");
        using (var refused = await (await ClientAsync("tiepnhan")).PostAsJsonAsync($"/api/dossiers/{j}/actions/refuse",
            new { reason = "Người yêu cầu không cư trú trên địa bàn xã." }))
        {
            Assert.That(refused.IsSuccessStatusCode, Is.True, await refused.Content.ReadAsStringAsync());
        }

        // Digitisation: A's identity paper is scanned, D reuses it (same citizen, same paper).
        var desk = await ClientAsync("tiepnhan");
        using (var scan = new MultipartFormDataContent())
        {
            scan.Add(new ByteArrayContent("%PDF-1.4\n%kpi test\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "file", "cccd.pdf");
            using var uploaded = await desk.PostAsync($"/api/dossiers/{a.Id}/documents/giay-to-tuy-than/scan", scan);
            Assert.That(uploaded.IsSuccessStatusCode, Is.True, await uploaded.Content.ReadAsStringAsync());
        }
        var documents = await desk.GetFromJsonAsync<JsonElement>("/api/citizens/038190001234/documents");
        var source = documents.EnumerateArray().First(x => x.GetProperty("dossierId").GetGuid() == a.Id).GetProperty("documentId").GetGuid();
        using (var reuse = await desk.PostAsJsonAsync($"/api/dossiers/{d.Id}/documents/giay-to-tuy-than/reuse", new { documentId = source }))
        {
            Assert.That(reuse.IsSuccessStatusCode, Is.True, await reuse.Content.ReadAsStringAsync());
        }

        // Electronic results: A (returned) and E (result ready) get theirs; D, still in progress, cannot yet.
        foreach (var (id, expected) in new[] { (a.Id, HttpStatusCode.OK), (e.Id, HttpStatusCode.OK), (d.Id, HttpStatusCode.Conflict) })
        {
            using var result = new MultipartFormDataContent();
            result.Add(new ByteArrayContent("%PDF-1.4\n%ket qua\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "file", "ket-qua.pdf");
            using var uploaded = await desk.PostAsync($"/api/dossiers/{id}/result-file", result);
            Assert.That(uploaded.StatusCode, Is.EqualTo(expected), await uploaded.Content.ReadAsStringAsync());
        }

        await WaitForProjectionAsync();
        var report = await ReportAsync(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 6));

        Assert.Multiple(() =>
        {
            Assert.That(Figure(report, "received.total"), Is.EqualTo(9));
            Assert.That(Figure(report, "received.counter"), Is.EqualTo(8));
            Assert.That(Figure(report, "received.online"), Is.EqualTo(1));
            Assert.That(Figure(report, "rates.online"), Is.EqualTo(11.11m));
            // A: ready Monday, appointment Monday 17:00 → same date: đúng hạn. B: ready Wednesday vs Monday → quá hạn.
            // E: ready Wednesday, due the next Monday → trước hạn. F: ready Wednesday, due Wednesday → đúng hạn.
            Assert.That(Figure(report, "finished.total"), Is.EqualTo(4));
            Assert.That(Figure(report, "finished.early"), Is.EqualTo(1));
            Assert.That(Figure(report, "finished.onTime"), Is.EqualTo(2));
            Assert.That(Figure(report, "finished.late"), Is.EqualTo(1));
            // D: due Wednesday 17:00, report date Friday → overdue. G: due Friday, paused; H: due Monday 9, I: due
            // Tuesday 10 → within.
            Assert.That(Figure(report, "inProgress.total"), Is.EqualTo(4));
            Assert.That(Figure(report, "inProgress.withinDeadline"), Is.EqualTo(3));
            Assert.That(Figure(report, "inProgress.overdue"), Is.EqualTo(1));
            Assert.That(Figure(report, "inProgress.paused"), Is.EqualTo(1));
            Assert.That(Figure(report, "closed.withdrawn"), Is.EqualTo(1));
            Assert.That(Figure(report, "closed.notAccepted"), Is.EqualTo(1));
            Assert.That(Figure(report, "rates.onTime"), Is.EqualTo(75m));
            // E's four hand-offs, three electronic.
            Assert.That(Figure(report, "rates.transfersElectronic"), Is.EqualTo(75m));
            // B (online), F (cash) and I (online) have a fee.
            Assert.That(Figure(report, "rates.onlinePayment"), Is.EqualTo(66.67m));
            // A digitised, D reused: 2 of 9 and 1 of 9.
            Assert.That(Figure(report, "rates.digitised"), Is.EqualTo(22.22m));
            Assert.That(Figure(report, "rates.reused"), Is.EqualTo(11.11m));
            Assert.That(Figure(report, "rates.satisfaction"), Is.EqualTo(100m));
            // A and E of the four with a result (A, B, E, F) have their electronic result.
            var results = report.Sections.SelectMany(x => x.Figures).Single(x => x.Key == "rates.resultsDigitised");
            Assert.That((results.Numerator, results.Denominator, results.Value), Is.EqualTo(((long?)2, (long?)4, (decimal?)50m)));
            // MDSH = 6 × 2/4 + min(4, 4 × (2/9) / 0.80) + min(2, 2 × (1/9) / 0.80) = 3 + 1.111 + 0.278 = 4.39 of 12 computable.
            var mdsh = report.Qd766.Single(x => x.Code == "MDSH");
            Assert.That((mdsh.Score, mdsh.Computed), Is.EqualTo(((decimal?)4.39m, 12m)));
            Assert.That(Figure(report, "other.apologyLetters"), Is.EqualTo(1));
            // TDGQ = 20 × (A, E, F finished in time + G, H, I within deadline) / (4 finished + 4 in progress) = 15.
            Assert.That(report.Qd766.Single(x => x.Code == "TDGQ").Score, Is.EqualTo(15m));
            // CLGQ part C = min(6, 6 × (1/9) / 0.50) = 1.33; TTTT 3.6 = 6 × 2/3 = 4.
            Assert.That(report.Qd766.Single(x => x.Code == "CLGQ").Score, Is.EqualTo(1.33m));
            Assert.That(report.Qd766.Single(x => x.Code == "TTTT").Score, Is.EqualTo(4m));
            // Steps completed: A 4 (reception, xu-ly, ky-duyet, return), B 3, C 1, D 1, E 5, F 3, G 1, H 1, I 1 = 20. Late:
            // B's chung-thuc and ky-duyet, both due by the appointment (a step is never due after it,
            // Deadlines.StepDue): Monday 17:00, done on Wednesday.
            Assert.That(report.Officers.Sum(o => o.Completed), Is.EqualTo(20));
            Assert.That(report.Officers.Sum(o => o.Late), Is.EqualTo(2));
        });

        await using var scope = App.Services.CreateAsyncScope();
        var differences = await scope.ServiceProvider.GetRequiredService<KpiService>()
            .VerifyAsync(new KpiQuery(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 6)), default);
        Assert.That(differences, Is.Empty, string.Join("\n", differences));

        await TheMonthlyReportShowsTheHandComputedFiguresAsync();
    }

    /// <summary>
    /// The November report of the same dossiers, read back from the PDF. Over the whole month (report date 30/11) D, G, H
    /// and I are still in progress and all past their deadlines (4, 6, 9 and 10/11).
    /// </summary>
    private async Task TheMonthlyReportShowsTheHandComputedFiguresAsync()
    {
        using var response = await (await ClientAsync("giamsat")).GetAsync("/api/kpi/report.pdf?month=2026-11");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Documents.FormSamples.Keep("kpi-report-2026-11", pdf);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 11/2026"));
            Assert.That(text, Does.Contain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
            Assert.That(LineOf(document, "Tổng số hồ sơ tiếp nhận"), Does.EndWith(" 9 hồ sơ"));
            Assert.That(LineOf(document, "Tổng số hồ sơ đã giải quyết"), Does.EndWith(" 4 hồ sơ"));
            Assert.That(LineOf(document, "Tổng số hồ sơ đang giải quyết"), Does.EndWith(" 4 hồ sơ"));
            Assert.That(LineOf(document, "Giải quyết đúng và trước hạn"), Does.EndWith(" 3/4 75 — Không đặt chỉ tiêu"));
            Assert.That(LineOf(document, "Luân chuyển liên thông điện tử"), Does.EndWith(" 3/4 75 85 Chưa đạt"));
            Assert.That(LineOf(document, "Thanh toán trực tuyến (hồ sơ"), Does.EndWith(" 2/3 66,67 30 / 50 Đạt"));
            Assert.That(LineOf(document, "Hồ sơ đã giải quyết có kết quả"), Does.EndWith(" 2/4 50 — Không đặt chỉ tiêu"));
            // TDGQ = 20 × (A, E, F in time + none within deadline) / (4 finished + 4 in progress) = 7.5.
            Assert.That(LineOf(document, "TDGQ"), Does.StartWith("TDGQ Tiến độ giải quyết 20 20 7,5 "));
            Assert.That(LineOf(document, "MDSH"), Does.StartWith("MDSH Số hóa hồ sơ 22 12 4,39 "));
            Assert.That(LineOf(document, "MDHL"), Does.StartWith("MDHL Mức độ hài lòng 18 6 6 "));
            // Charts are vector text too: titles and the twelve months up to November.
            Assert.That(text, Does.Contain("Hồ sơ tiếp nhận theo kênh, 12 tháng gần nhất").And.Contain("12/2025").And.Contain("11/2026"));
            Assert.That(text, Does.Contain("NGƯỜI LẬP BIỂU").And.Contain("THỦ TRƯỞNG CƠ QUAN"));
        });
    }

    /// <summary>The words on the same line as the first occurrence of <paramref name="start"/>, left to right.</summary>
    private static string LineOf(UglyToad.PdfPig.PdfDocument document, string start)
    {
        var wanted = start.Split(' ');
        foreach (var page in document.GetPages())
        {
            var words = page.GetWords().ToList();
            for (var i = 0; i + wanted.Length <= words.Count; i++)
            {
                if (wanted.Select((w, k) => words[i + k].Text == w).All(x => x))
                {
                    var baseline = words[i].BoundingBox.Bottom;
                    return string.Join(" ", words.Where(w => Math.Abs(w.BoundingBox.Bottom - baseline) < 1.5
                            && w.BoundingBox.Left >= words[i].BoundingBox.Left - 40)
                        .OrderBy(w => w.BoundingBox.Left).Select(w => w.Text));
                }
            }
        }
        return $"(no line starts with '{start}')";
    }

    [Test]
    public async Task The_monthly_report_needs_a_month_in_yyyy_MM_and_a_supervisor_leader_or_admin()
    {
        var supervisor = await ClientAsync("giamsat");
        using var badMonth = await supervisor.GetAsync("/api/kpi/report.pdf?month=2026-13");
        using var noMonth = await supervisor.GetAsync("/api/kpi/report.pdf");
        using var forbidden = await (await ClientAsync("chuyenvien")).GetAsync("/api/kpi/report.pdf?month=2026-11");

        foreach (var response in new[] { badMonth, noMonth })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Cần tháng báo cáo dạng yyyy-MM"));
        }
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_same_event_delivered_twice_or_out_of_order_changes_nothing_more()
    {
        // Weeks after the scripted dossiers' range, so it never counts in their table (NUnit runs a fixture's tests alphabetically).
        Clock.Advance(TimeSpan.FromDays(42));
        var e = await RegisterAsync("1.001193", owner: "Phạm Văn Dũng");
        await WaitForProjectionAsync();
        await using var db = Db.Context();
        var before = await db.KpiDossierFacts.AsNoTracking().SingleAsync(f => f.DossierId == e.Id);
        var stepsBefore = await db.KpiStepCompletions.CountAsync();

        // Publish the dossier's events again through the broker, last first, with the message ids the relay used: duplicates.
        var events = (await db.OutboxMessages.AsNoTracking().Where(m => m.DossierId == e.Id).OrderBy(m => m.Id).ToListAsync())
            .Select(m => JsonSerializer.Deserialize<DossierEvent>(m.Payload, DossierJournal.Json)!).ToList();
        var bus = App.Services.GetRequiredService<IBus>();
        foreach (var message in events.AsEnumerable().Reverse())
        {
            await bus.Publish(message, ctx => ctx.MessageId = message.EventId);
        }
        await Task.Delay(1500);
        var after = await db.KpiDossierFacts.AsNoTracking().SingleAsync(f => f.DossierId == e.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(JsonSerializer.Serialize(after), Is.EqualTo(JsonSerializer.Serialize(before)));
            Assert.That(await db.KpiStepCompletions.CountAsync(), Is.EqualTo(stepsBefore));
            Assert.That(await db.InboxMessages.CountAsync(m => events.Select(x => x.EventId).Contains(m.MessageId)), Is.EqualTo(events.Count));
        });

        // A fresh dossier's events applied last-first: each waits for its predecessor, then all apply once.
        var fresh = events.Select(x => x with { DossierId = Guid.CreateVersion7(), EventId = Guid.CreateVersion7() }).ToList();
        var id = Guid.CreateVersion7();
        fresh = [.. fresh.Select(x => x with { DossierId = id })];
        foreach (var message in fresh.AsEnumerable().Reverse())
        {
            Assert.That(await KpiProjector.HandleAsync(db, [(message, message.EventId)], Clock.GetUtcNow(), default), Is.EqualTo(1));
            db.ChangeTracker.Clear();
        }
        Assert.That(await KpiProjector.HandleAsync(db, [(fresh[0], fresh[0].EventId)], Clock.GetUtcNow(), default), Is.Zero, "duplicate");
        db.ChangeTracker.Clear();

        // The same events in one batch, last first, one of them delivered twice: applied once, in version order.
        var batch = fresh.Select(x => x with { DossierId = Guid.CreateVersion7(), EventId = Guid.CreateVersion7() }).ToList();
        var batchId = Guid.CreateVersion7();
        batch = [.. batch.Select(x => x with { DossierId = batchId })];
        IReadOnlyList<(DossierEvent, Guid)> deliveries = [.. batch.AsEnumerable().Reverse().Append(batch[1]).Select(x => (x, x.EventId))];
        Assert.That(await KpiProjector.HandleAsync(db, deliveries, Clock.GetUtcNow(), default), Is.EqualTo(batch.Count));
        db.ChangeTracker.Clear();
        var batched = await db.KpiDossierFacts.AsNoTracking().SingleAsync(f => f.DossierId == batchId);
        batched.DossierId = before.DossierId;
        Assert.That(JsonSerializer.Serialize(batched), Is.EqualTo(JsonSerializer.Serialize(before)));
        var replayed = await db.KpiDossierFacts.AsNoTracking().SingleAsync(f => f.DossierId == id);
        Assert.Multiple(async () =>
        {
            Assert.That(replayed.LastVersion, Is.EqualTo(before.LastVersion));
            Assert.That(replayed.ReceivedAt, Is.EqualTo(before.ReceivedAt));
            Assert.That(replayed.AppointmentAt, Is.EqualTo(before.AppointmentAt));
            Assert.That(replayed.Status, Is.EqualTo(before.Status));
            Assert.That(await db.KpiPendingEvents.CountAsync(p => p.DossierId == id), Is.Zero);
        });
        await db.KpiDossierFacts.Where(f => f.DossierId == id || f.DossierId == batchId).ExecuteDeleteAsync();
        await db.KpiStepCompletions.Where(f => f.DossierId == id || f.DossierId == batchId).ExecuteDeleteAsync();
    }
}
