using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using OneStop.Testing;
using OneStop.Web.Tests.Account;
using OneStop.Web.Tests.Documents;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace OneStop.Web.Tests.Reports;

/// <summary>The tracking register (form 07) as a landscape PDF book spanning several pages.</summary>
public sealed class RegisterPdfTests
{
    // TestDossiers receives "now − 3 days": Mon 07/12/2026.
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 10, 0, 0, TimeSpan.FromHours(7));
    private const string Script = "<script>alert(1)</script>";
    private const string LongName = "Nguyễn Thị Phương Thảo Huỳnh Ngọc Diễm Kiều Trường Giang";
    private const double Mm = 72 / 25.4;

    private TestDatabase _db = null!;
    private OneStopApp _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _db = await TestDatabase.CreateAsync("register-pdf");
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

    [Test]
    public async Task The_register_runs_over_landscape_pages_with_the_heading_row_repeated_and_no_row_split()
    {
        var codes = new List<string>();
        for (var i = 0; i < 28; i++)
        {
            var name = i switch { 3 => Script, 7 => LongName, _ => $"Trần Văn Đông {i:00}" };
            codes.Add((await TestDossiers.CreateAsync(_app.Services, i % 3 == 0 ? DossierStatus.Returned : DossierStatus.InProgress, ownerName: name)).Code);
        }
        using var client = await ClientAsync("giamsat");

        using var response = await client.GetAsync("/api/register.pdf?from=2026-12-07&to=2026-12-07");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        var pdf = await response.Content.ReadAsByteArrayAsync();
        FormSamples.Keep("register-07", pdf);
        using var document = PigDocument.Open(pdf);
        Assert.That(document.NumberOfPages, Is.GreaterThan(1));
        foreach (var page in document.GetPages())
        {
            Assert.That(page.Width, Is.EqualTo(297 * Mm).Within(1), $"page {page.Number} is A4 landscape");
            Assert.That(page.Height, Is.EqualTo(210 * Mm).Within(1), $"page {page.Number} is A4 landscape");
        }
        var first = document.GetPage(1).Text;
        Assert.That(first, Does.Contain("SỔ THEO DÕI HỒ SƠ").And.Contain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").And.Contain("Độc lập - Tự do - Hạnh phúc"));
        // Columns (mm from the page's left edge): margin 20, STT 10, code 21, procedure 30, sets 12, applicant 22, address 22,
        // lead unit 20, five dates of 19, signature 14, note 16.
        for (var p = 1; p <= document.NumberOfPages; p++)
        {
            Assert.That(FormSamples.BandText(pdf, p, 51, 81), Does.Contain("Tên thủ tục hành chính Đăng ký"), $"heading row on page {p}");
            Assert.That(FormSamples.BandText(pdf, p, 233, 252), Does.Contain("Trả kết quả cho cá nhân, tổ chức"), $"heading row on page {p}");
            Assert.That(FormSamples.BandText(pdf, p, 266, 282), Does.Contain("Ghi chú"), $"heading row on page {p}");
        }
        var second = document.GetPage(2);
        Assert.That(second.GetWords().Any(w => w.Text == "2" && w.BoundingBox.Bottom > second.Height - (15 * Mm)), Is.True, "page number in the top margin");

        var codeBands = Enumerable.Range(1, document.NumberOfPages)
            .Select(p => FormSamples.BandText(pdf, p, 30, 51).Replace(" ", "", StringComparison.Ordinal)).ToList();
        foreach (var code in codes)
        {
            Assert.That(codeBands.Count(b => b.Contains(code, StringComparison.Ordinal)), Is.EqualTo(1), $"{code} whole on exactly one page");
        }
        var applicants = string.Join(" ", Enumerable.Range(1, document.NumberOfPages).Select(p => FormSamples.BandText(pdf, p, 93, 115)));
        Assert.That(applicants, Does.Contain(LongName), "long Vietnamese name wrapped in its column, diacritics intact");
        Assert.That(applicants.Replace(" ", "", StringComparison.Ordinal), Does.Contain(Script), "markup is printed as text");
        Assert.That(string.Join(" ", document.GetPages().Select(p => p.Text)), Does.Contain("Tổng số: 28 hồ sơ"));
    }

    [Test]
    public async Task The_pdf_register_validates_the_period_like_the_xlsx_and_a_specialist_may_not_read_it()
    {
        using var desk = await ClientAsync("tiepnhan");
        using var reversed = await desk.GetAsync("/api/register.pdf?from=2026-12-30&to=2026-12-01");
        using var missing = await desk.GetAsync("/api/register.pdf?from=2026-12-01");
        using var specialist = await ClientAsync("chuyenvien");
        using var forbidden = await specialist.GetAsync("/api/register.pdf?from=2026-12-01&to=2026-12-30");

        Assert.That(reversed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await reversed.Content.ReadAsStringAsync(), Does.Contain("Từ ngày phải trước hoặc bằng đến ngày."));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("Vui lòng chọn từ ngày và đến ngày"));
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
