using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OneStop.Testing;
using OneStop.Web.Tests.Account;
using UglyToad.PdfPig;

namespace OneStop.Web.Tests.Reception;

public sealed class RegisterDossierTests
{
    // Friday 27/11/2026 09:00 in Vietnam: a plain working morning.
    private static readonly DateTimeOffset Friday9 = new(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(7));

    private TestDatabase _db = null!;
    private OneStopApp _app = null!;
    private HttpClient _desk = null!;
    private readonly FakeTimeProvider _clock = new(Friday9.ToUniversalTime());

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("reception");
        _app = new OneStopApp(_db, clock: _clock);
        await _app.SeedDemoAsync();
        _desk = await SignedInAsync("tiepnhan");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _desk.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(client, user, OneStopApp.DemoPassword));
        return client;
    }

    private static object BirthRegistration(string owner = "Nguyễn Thị Hằng", string idNumber = "038190001234") => new
    {
        procedureCode = "1.001193",
        owner = new { fullName = owner, idNumber, phone = "0912 345 678", email = "hang@example.vn", address = "Thôn Đông Hưng, xã Nguyên Giáp" },
        documents = new[]
        {
            new { key = "to-khai", originals = 1, certified = 0, photocopies = 0 },
            new { key = "giay-chung-sinh", originals = 1, certified = 0, photocopies = 0 },
            new { key = "giay-to-tuy-than", originals = 1, certified = 0, photocopies = 0 },
        },
    };

    private async Task<JsonElement> RegisterAsync(object body, string? key = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dossiers") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        using var response = await _desk.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Test]
    public async Task Same_day_procedure_gets_a_coded_dossier_due_at_closing_time_today()
    {
        var result = await RegisterAsync(BirthRegistration());

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("code").GetString(), Does.Match(@"^H99\.100-261127-\d{4}$"));
            // Received Friday 09:00, before the 15:00 cut-off: due at 17:00 the same day.
            Assert.That(result.GetProperty("appointment").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.FromHours(7))));
            Assert.That(result.GetProperty("lookupPin").GetString(), Does.Match(@"^\d{6}$"));
            Assert.That(result.GetProperty("fee").GetInt64(), Is.Zero, "birth registered on time is free (Luật Hộ tịch Điều 11)");
        });
    }

    [Test]
    public async Task Certified_copies_are_charged_per_page_with_the_statutory_tiers()
    {
        var result = await RegisterAsync(new
        {
            procedureCode = "2.000815",
            owner = new { fullName = "Lê Văn Tâm", idNumber = "038090004321" },
            documents = MandatoryDocuments("2.000815"),
            fee = new { copies = 3, pagesPerCopy = 5 },
        });

        // Per copy: pages 1–2 at 2.000 đ + pages 3–5 at 1.000 đ = 7.000 đ; three copies = 21.000 đ (TT 226/2016/TT-BTC).
        Assert.That(result.GetProperty("fee").GetInt64(), Is.EqualTo(21_000));
    }

    [Test]
    public async Task Concurrent_registrations_get_unique_gapless_codes_and_register_numbers()
    {
        var before = await CountAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            RegisterAsync(BirthRegistration($"Người Thứ {i}", $"0381900{i:D5}"))));

        var numbers = results.Select(r => int.Parse(r.GetProperty("code").GetString()![^4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        var entries = results.Select(r => r.GetProperty("registerNumber").GetInt32()).Order().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.Unique);
            Assert.That(numbers[^1] - numbers[0], Is.EqualTo(19), "no gaps inside the batch");
            Assert.That(entries, Is.Unique);
            Assert.That(entries[^1] - entries[0], Is.EqualTo(19));
        });
        Assert.That(await CountAsync(), Is.EqualTo(before + 20));
    }

    [Test]
    public async Task A_repeated_request_with_the_same_idempotency_key_creates_one_dossier()
    {
        var key = Guid.NewGuid().ToString();
        var before = await CountAsync();

        var first = await RegisterAsync(BirthRegistration(), key);
        var second = await RegisterAsync(BirthRegistration(), key, HttpStatusCode.OK);

        Assert.That(second.GetProperty("id").GetGuid(), Is.EqualTo(first.GetProperty("id").GetGuid()));
        Assert.That(second.GetProperty("code").GetString(), Is.EqualTo(first.GetProperty("code").GetString()));
        Assert.That(second.GetProperty("replayed").GetBoolean(), Is.True);
        Assert.That(await CountAsync(), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Invalid_input_is_refused_field_by_field_in_vietnamese_and_stores_nothing()
    {
        var before = await CountAsync();
        var problem = await RegisterAsync(new
        {
            procedureCode = "1.001193",
            owner = new { fullName = "", idNumber = "12345678901", phone = "12345" },
            documents = new[] { new { key = "to-khai", originals = 1, certified = 0, photocopies = 0 } },
        }, expected: HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Dữ liệu gửi lên không hợp lệ."));
            Assert.That(errors.GetProperty("owner.fullName")[0].GetString(), Is.EqualTo("Vui lòng nhập họ và tên."));
            Assert.That(errors.GetProperty("owner.idNumber")[0].GetString(), Does.Contain("12 chữ số"));
            Assert.That(errors.GetProperty("owner.phone")[0].GetString(), Does.StartWith("Số điện thoại không hợp lệ"));
            // All missing mandatory documents are listed at once (DOMAIN §2.1: "in one go").
            Assert.That(errors.GetProperty("documents")[0].GetString(), Does.Contain("Giấy chứng sinh").And.Contain("Giấy tờ tùy thân"));
        });
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Only_reception_officers_register_dossiers()
    {
        using var specialist = await SignedInAsync("chuyenvien");
        using var response = await specialist.PostAsJsonAsync("/api/dossiers", BirthRegistration());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Receipt_pdf_carries_the_code_the_pin_the_owner_and_the_appointment()
    {
        var result = await RegisterAsync(BirthRegistration("Trần Văn Bình", "038190009999"));

        var bytes = await _desk.GetByteArrayAsync(result.GetProperty("receiptUrl").GetString());

        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(result.GetProperty("code").GetString()));
            Assert.That(text, Does.Contain(result.GetProperty("lookupPin").GetString()));
            Assert.That(text, Does.Contain("Trần Văn Bình"));
            Assert.That(text, Does.Contain("17 giờ 00 phút, ngày 27 tháng 11 năm 2026"));
            Assert.That(text, Does.Contain("Trần Thị Thu Hà"), "the receiving officer signs the receipt");
        });
    }

    [Test]
    public async Task Registration_writes_one_audit_row_that_the_database_refuses_to_change_delete_or_truncate()
    {
        var result = await RegisterAsync(BirthRegistration());
        var id = result.GetProperty("id").GetGuid();
        await using var db = _db.Context();

        var audit = await db.AuditEntries.Where(a => a.DossierId == id).ToListAsync();
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "Registered" }));

        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE audit_entries SET reason = 'sửa' WHERE dossier_id = @id", connection);
        update.Parameters.AddWithValue("id", id);
        await using var delete = new NpgsqlCommand("DELETE FROM audit_entries WHERE dossier_id = @id", connection);
        delete.Parameters.AddWithValue("id", id);

        Assert.That(async () => await update.ExecuteNonQueryAsync(), Throws.InstanceOf<PostgresException>().With.Message.Contains("append-only"));
        Assert.That(async () => await delete.ExecuteNonQueryAsync(), Throws.InstanceOf<PostgresException>().With.Message.Contains("append-only"));
        await using var truncate = new NpgsqlCommand("TRUNCATE audit_entries", connection);
        Assert.That(async () => await truncate.ExecuteNonQueryAsync(), Throws.InstanceOf<PostgresException>().With.Message.Contains("append-only"));
        Assert.That(await db.AuditEntries.CountAsync(a => a.DossierId == id), Is.EqualTo(1), "the row is still there");
    }

    private async Task<int> CountAsync()
    {
        await using var db = _db.Context();
        return await db.Dossiers.CountAsync();
    }

    private static object[] MandatoryDocuments(string procedureCode)
    {
        var catalog = Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath);
        return [.. catalog.Find(procedureCode)!.Documents.Where(d => d.Mandatory)
            .Select(d => new { key = d.Key, originals = 1, certified = 0, photocopies = 0 })];
    }
}
