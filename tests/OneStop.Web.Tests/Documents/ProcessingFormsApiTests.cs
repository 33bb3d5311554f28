using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using OneStop.Testing;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Reception;
using OneStop.Web.Tests.Account;
using OneStop.Workflows.Definitions;
using static OneStop.Web.Tests.Documents.FormSamples;

namespace OneStop.Web.Tests.Documents;

/// <summary>GET /api/dossiers/{id}/forms/apology.pdf, stop.pdf and control-sheet.pdf against the real host and PostgreSQL.</summary>
public sealed class ProcessingFormsApiTests
{
    private const string PartnerAgencyCode = "G01.H99.100";

    private TestDatabase _db = null!;
    private OneStopApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("forms");
        _app = new OneStopApp(_db);
        await _app.SeedDemoAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Test]
    public async Task Control_sheet_has_one_row_per_holding_with_its_own_result()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        var leader = await OfficerIdAsync("lanhdao");
        await ChangeAsync(created.Id, async (db, dossier) =>
        {
            dossier.RegisterYear = 2026;
            dossier.RegisterNumber = 318;
            var steps = dossier.Steps.OrderBy(s => s.Sequence).ToList();
            // Row 2 late by two hours, sent on paper to a partner and back; row 3 finished within its due minute, sent back.
            steps[1].CompletedAt = steps[1].DueAt.AddHours(2);
            steps[1].SentToPartnerAt = steps[1].StartedAt.AddMinutes(10);
            steps[1].SentMode = TransferMode.Paper;
            steps[1].BackFromPartnerAt = steps[1].StartedAt.AddHours(5);
            steps[1].BackMode = TransferMode.Paper;
            // The leader took row 2 from its holder: the holder still hands the dossier over.
            steps[1].Outcome = StepOutcome.Reassigned;
            steps[1].CompletedById = leader;
            // Dues are whole minutes in practice (the working calendar); finishing 30 s into the due minute is on time.
            steps[2].DueAt = new DateTimeOffset(steps[2].DueAt.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
            steps[2].CompletedAt = steps[2].DueAt.AddSeconds(30);
            steps[2].Outcome = StepOutcome.SentBack;
            db.AuditEntries.Add(new AuditEntry
            {
                DossierId = dossier.Id, At = steps[2].CompletedAt!.Value, Action = "send-back", StepKey = steps[2].StepKey,
                ToStatus = dossier.Status, Reason = "Thiếu chữ ký của người đi khai tử",
            });
            await Task.CompletedTask;
        });
        using var client = await ClientForAsync("tiepnhan");

        using var response = await client.GetAsync($"/api/dossiers/{created.Id}/forms/control-sheet.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Keep("api-form06", pdf);
        var text = AllText(pdf);
        var results = System.Text.RegularExpressions.Regex.Matches(text, "(Trước|Đúng|Quá) hạn(?![/)])").Select(m => m.Value).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));
            Assert.That(text, Does.Contain("Quyển số: 2026, Số thứ tự: 318"));
            Assert.That(text, Does.Contain("Kèm theo hồ sơ của: Ông/Bà " + TestDossiers.OwnerName));
            Assert.That(text, Does.Contain("Mã hồ sơ: " + created.Code));
            Assert.That(BandText(pdf, 1, 70, 126), Does.Contain("Người giao: " + TestDossiers.OwnerName + " Người nhận: Lê Văn Minh"));
            Assert.That(BandText(pdf, 1, 20, 70), Does.Contain("1. Giao: Trung tâm Phục vụ hành chính công xã 2. Nhận: Văn phòng HĐND và UBND xã"));
            var notes = BandText(pdf, 1, 158, 195);
            Assert.That(notes, Does.Contain("Chuyển hồ sơ giấy"));
            Assert.That(notes, Does.Contain("Nhận lại hồ sơ giấy"));
            Assert.That(notes, Does.Contain("Trả lại: Thiếu chữ ký của người đi khai tử"));
            Assert.That(notes, Does.Contain("Chuyển cán bộ khác"));
            Assert.That(BandText(pdf, 1, 70, 126), Does.Not.Contain("Người giao: Nguyễn Văn Hùng"));
            Assert.That(results, Is.EqualTo(new[] { "Trước hạn", "Quá hạn", "Đúng hạn" }), "rows 1–3 in order; the open return step blank");
        }
    }

    [Test]
    public async Task Apology_letter_is_served_only_once_a_leader_approved_it()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        var leader = await OfficerIdAsync("lanhdao");
        var proposed = new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.Zero);
        var letterId = Guid.NewGuid();
        await ChangeAsync(created.Id, (db, dossier) =>
        {
            db.DossierLetters.Add(new DossierLetter
            {
                Id = letterId, DossierId = dossier.Id, Kind = LetterKind.Apology, State = LetterState.Draft,
                Reason = "Phải xác minh giấy báo tử với Bệnh viện Đa khoa tỉnh.", OriginalAppointment = dossier.AppointmentAt,
                ProposedAppointment = proposed, DraftedById = created.AssigneeId, DraftedAt = dossier.ReceivedAt!.Value.AddDays(1),
            });
            return Task.CompletedTask;
        });
        using var client = await ClientForAsync("tiepnhan");

        using var draftOnly = await client.GetAsync($"/api/dossiers/{created.Id}/forms/apology.pdf");
        Assert.That(draftOnly.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await draftOnly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Không tìm thấy văn bản xin lỗi và đề nghị gia hạn đã được duyệt của hồ sơ."));

        await ChangeAsync(created.Id, async (db, dossier) =>
        {
            var letter = await db.DossierLetters.SingleAsync(l => l.Id == letterId);
            letter.State = LetterState.Approved;
            letter.Number = 3;
            letter.Year = 2026;
            letter.DecidedById = leader;
            letter.DecidedAt = dossier.ReceivedAt!.Value.AddDays(1).AddHours(2);
        });
        using var response = await client.GetAsync($"/api/dossiers/{created.Id}/forms/apology.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Keep("api-form04", pdf);
        var text = AllText(pdf);
        var dossierRow = await ReadAsync(created.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"));
            Assert.That(text, Does.Contain("Số: 03/PXL"));
            Assert.That(text, Does.Contain("Kính gửi: Ông/Bà " + TestDossiers.OwnerName));
            Assert.That(text, Does.Contain("Mã hồ sơ: " + created.Code));
            Assert.That(text, Does.Contain("Thời gian hẹn trả kết quả giải quyết hồ sơ: " + VietnameseText.Instant(dossierRow.AppointmentAt!.Value)));
            Assert.That(text, Does.Contain("Lý do: Phải xác minh giấy báo tử với Bệnh viện Đa khoa tỉnh."));
            Assert.That(text, Does.Contain("Thời gian hẹn trả kết quả lại: 16 giờ 00 phút, ngày 09 tháng 12 năm 2026"));
            Assert.That(text, Does.Contain("Ủy ban nhân dân xã Nguyên Giáp trân trọng xin lỗi Ông/Bà"));
            Assert.That(text, Does.Contain("CHỦ TỊCH UBND XÃ"));
            Assert.That(text, Does.Contain("Nguyễn Văn Hùng"));
        }
    }

    [Test]
    public async Task Withdrawal_through_the_api_gives_a_stop_notice_naming_the_step_reached()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress);
        using var client = await ClientForAsync("tiepnhan");
        using var before = await client.GetAsync($"/api/dossiers/{created.Id}/forms/stop.pdf");
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var withdraw = await client.PostAsJsonAsync($"/api/dossiers/{created.Id}/actions/withdraw",
            new { reason = "Gia đình đề nghị dừng để bổ sung giấy tờ từ nước ngoài." });
        Assert.That(withdraw.StatusCode, Is.EqualTo(HttpStatusCode.OK), await withdraw.Content.ReadAsStringAsync());
        using var response = await client.GetAsync($"/api/dossiers/{created.Id}/forms/stop.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Keep("api-form05", pdf);
        var text = AllText(pdf);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"));
            Assert.That(text, Does.Contain("Số: 01/TBDG"));
            Assert.That(text, Does.Contain("Kính gửi: Ông/Bà " + TestDossiers.OwnerName));
            Assert.That(text, Does.Contain("Hồ sơ đang được giải quyết ở bước: " + created.Steps[1].Name));
            Assert.That(text, Does.Contain("Lý do: Gia đình đề nghị dừng để bổ sung giấy tờ từ nước ngoài."));
            Assert.That(text, Does.Contain("thông báo dừng giải quyết hồ sơ nêu trên kể từ"));
            Assert.That(text, Does.Contain("Trần Thị Thu Hà"), "signed by the officer who recorded the stop");
        }

        using var sheet = await client.GetAsync($"/api/dossiers/{created.Id}/forms/control-sheet.pdf");
        Assert.That(BandText(await sheet.Content.ReadAsByteArrayAsync(), 1, 158, 195), Does.Contain("Dừng giải quyết theo yêu cầu của công dân"));
    }

    [TestCase("apology")]
    [TestCase("stop")]
    [TestCase("control-sheet")]
    public async Task Forms_of_another_agency_are_not_found(string form)
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished, PartnerAgencyCode);
        using var client = await ClientForAsync("tiepnhan");

        using var response = await client.GetAsync($"/api/dossiers/{created.Id}/forms/{form}.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Không tìm thấy hồ sơ."));
    }

    [Test]
    public async Task Forms_need_a_signed_in_officer()
    {
        var created = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Finished);
        using var client = _app.CreateClient();

        using var response = await client.GetAsync($"/api/dossiers/{created.Id}/forms/control-sheet.pdf");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = _app.CreateClient();
        var token = await SignInTests.GetTokenAsync(client, userName, OneStopApp.DemoPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<Guid> OfficerIdAsync(string userName)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<Officer>>().FindByNameAsync(userName))!.Id;
    }

    private async Task<Dossier> ReadAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    private async Task ChangeAsync(Guid id, Func<OneStopDbContext, Dossier, Task> change)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var dossier = await db.Dossiers.Include(d => d.Steps).SingleAsync(d => d.Id == id);
        await change(db, dossier);
        await db.SaveChangesAsync();
    }
}
