using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using OneStop.Testing;
using OneStop.Web.Tests.Account;

namespace OneStop.Web.Tests.Reports;

/// <summary>The tracking register (form 07) as XLSX: the official headings, one row per dossier received in the period.</summary>
public sealed class RegisterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(7));
    private static readonly XNamespace Sheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private TestDatabase _db = null!;
    private OneStopApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("register");
        _app = new OneStopApp(_db, clock: new FakeTimeProvider(Now));
        await _app.SeedDemoAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await SignInTests.GetTokenAsync(client, user, OneStopApp.DemoPassword));
        return client;
    }

    /// <summary>Every row of the first sheet as cell texts (inline strings and numbers).</summary>
    private static List<List<string>> Rows(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var stream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var doc = XDocument.Load(stream);
        return [.. doc.Descendants(Sheet + "row").Select(r => r.Elements(Sheet + "c").Select(c => c.Value).ToList())];
    }

    [Test]
    public async Task The_register_lists_the_dossiers_received_in_the_period_under_the_official_headings()
    {
        var returned = await TestDossiers.CreateAsync(_app.Services, DossierStatus.Returned, ownerName: "Trương Thị Sổ");
        var inProgress = await TestDossiers.CreateAsync(_app.Services, DossierStatus.InProgress, ownerName: "Ngô Văn Đăng");
        using var client = await ClientAsync("tiepnhan");

        // TestDossiers receives "now − 3 days" = Mon 23/11/2026.
        using var response = await client.GetAsync("/api/register.xlsx?from=2026-11-23&to=2026-11-23");
        using var empty = await client.GetAsync("/api/register.xlsx?from=2026-11-24&to=2026-11-30");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var rows = Rows(await response.Content.ReadAsByteArrayAsync());
        Assert.That(rows[3], Does.Contain("Mã hồ sơ").And.Contain("Hẹn trả kết quả").And.Contain("Trả kết quả cho cá nhân, tổ chức"));
        var data = rows.Skip(4).ToList();
        Assert.That(data.Select(r => r[1]), Is.EquivalentTo(new[] { returned.Code, inProgress.Code }));
        var returnedRow = data.Single(r => r[1] == returned.Code);
        Assert.That(returnedRow, Does.Contain("Trương Thị Sổ"));
        Assert.That(double.TryParse(returnedRow[7], System.Globalization.CultureInfo.InvariantCulture, out _), Is.True, "reception date is an Excel date");
        Assert.That(Rows(await empty.Content.ReadAsByteArrayAsync()).Skip(4), Is.Empty);
    }

    [Test]
    public async Task A_reversed_period_is_refused_in_Vietnamese_and_a_specialist_may_not_read_the_register()
    {
        using var desk = await ClientAsync("tiepnhan");
        using var reversed = await desk.GetAsync("/api/register.xlsx?from=2026-11-30&to=2026-11-01");
        using var specialist = await ClientAsync("chuyenvien");
        using var forbidden = await specialist.GetAsync("/api/register.xlsx?from=2026-11-01&to=2026-11-30");

        Assert.That(reversed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await reversed.Content.ReadAsStringAsync(), Does.Contain("Từ ngày phải trước hoặc bằng đến ngày."));
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
