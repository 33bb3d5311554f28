using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using OneStop.Testing;
using OneStop.Web.Features.Kpi;
using static Microsoft.Playwright.Assertions;

namespace OneStop.Browser.Tests.Dashboard;

/// <summary>
/// The supervisor's dashboard on Monday 23/11/2026 10:30 (fake clock): tiles against the plan's targets, overdue and
/// due-soon steps by unit then officer with a link to the dossier, the filters, and the Chart.js trend charts.
/// </summary>
public sealed class SupervisorDashboardTests : BrowserFixture
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, Vn).ToUniversalTime());

    protected override TimeProvider? Clock => _clock;

    [Test]
    public async Task Supervisor_sees_tiles_against_targets_overdue_steps_by_unit_and_officer_and_the_trend_charts()
    {
        // 08:00: P1 and P3 (birth registrations, free): the processing step ("xu-ly", office unit, 2 working hours) is due
        // at 10:00; P3's specialist completes it at 08:30, so its signing step (leadership, 1 working hour) is due at 09:30.
        using var desk = await ClientAsync("tiepnhan");
        using var specialist = await ClientAsync("chuyenvien");
        var p1 = await RegisterAsync(desk, "1.001193", "Đặng Thị Thu", null);
        var p3 = await RegisterAsync(desk, "1.001193", "Ngô Văn Tâm", null);
        _clock.Advance(TimeSpan.FromMinutes(30));
        using (var done = await specialist.PostAsJsonAsync($"/api/dossiers/{p3.Id}/actions/complete-step", new { }))
        {
            Assert.That(done.IsSuccessStatusCode, Is.True, await done.Content.ReadAsStringAsync());
        }
        // 10:30: three certified copies with a fee (one paid online), their step due at 14:30: due within one working day.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 30, 0, Vn).ToUniversalTime());
        var p2 = await RegisterAsync(desk, "2.000815", "Bùi Thị Hạnh", 2 /* Online */);
        await RegisterAsync(desk, "2.000815", "Lý Văn Nam", 1 /* Cash */);
        await RegisterAsync(desk, "2.000815", "Tô Thị Yến", 1 /* Cash */);
        // The KPI projection rebuilt from the source tables (this host runs no worker).
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KpiService>().RebuildAsync(default);
        }

        var page = await NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                problems.Add(m.Text);
            }
        };
        page.PageError += (_, e) => problems.Add(e);
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                problems.Add($"HTTP {r.Status} {r.Url}");
            }
        };
        await SignInAsync(page, "giamsat", OneStopApp.DemoPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Giám sát", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Giám sát, đánh giá giải quyết thủ tục hành chính");
        await Expect(page.GetByLabel("Từ ngày")).ToHaveValueAsync("01/11/2026");
        await Expect(page.GetByLabel("Đến ngày")).ToHaveValueAsync("23/11/2026");

        // Tiles for 01–23/11: five dossiers at the counter, none finished, all due today (17:00) so within the deadline.
        await Expect(page.GetByTestId("tile-received").GetByTestId("value")).ToHaveTextAsync("5");
        await Expect(page.GetByTestId("tile-received")).ToContainTextAsync("Trực tiếp 5 · Trực tuyến 0 · Bưu chính 0");
        await Expect(page.GetByTestId("tile-finished").GetByTestId("value")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("tile-in-progress")).ToContainTextAsync("Trong hạn 5 · Quá hạn 0");
        await Expect(page.GetByTestId("tile-paused").GetByTestId("value")).ToHaveTextAsync("0");
        // One of the three dossiers with a fee paid online: 33,33 %, over the 2025 target (30 %), under 2030's (50 %).
        var payment = page.GetByTestId("tile-rates.onlinePayment");
        await Expect(payment.GetByTestId("value")).ToHaveTextAsync("33,33 %");
        await Expect(payment.GetByTestId("ratio")).ToHaveTextAsync("1 / 3");
        await Expect(payment.GetByTestId("target")).ToHaveTextAsync("Chỉ tiêu 2025: 30 % · 2030: 50 %");
        await Expect(payment.GetByTestId("state")).ToHaveTextAsync("Đạt chỉ tiêu 2025");
        var transfers = page.GetByTestId("tile-rates.transfersElectronic");
        await Expect(transfers.GetByTestId("value")).ToHaveTextAsync("—");
        await Expect(transfers.GetByTestId("target")).ToHaveTextAsync("Chỉ tiêu 2025: 85 %");
        await Expect(transfers.GetByTestId("state")).ToHaveTextAsync("Chưa có số liệu");
        await Expect(page.GetByTestId("tile-rates.satisfaction").GetByTestId("target")).ToHaveTextAsync("Chỉ tiêu 2025: 95 % · 2030: 98 %");
        await Expect(page.GetByTestId("tile-rates.online").GetByTestId("value")).ToHaveTextAsync("0 %");
        await Expect(page.GetByTestId("tile-rates.online").GetByTestId("state")).ToHaveTextAsync("Kế hoạch không đặt chỉ tiêu");

        // Overdue: P1 (office, Lê Văn Minh) and P3 (leadership, Nguyễn Văn Hùng); due soon: the three copies (office).
        await Expect(page.GetByTestId("overdue-total")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("due-soon-total")).ToHaveTextAsync("3");
        var units = page.GetByTestId("overdue-unit");
        await Expect(units).ToHaveCountAsync(2);
        await Expect(units.Nth(0).GetByRole(AriaRole.Heading, new() { Level = 3 })).ToContainTextAsync("Văn phòng HĐND và UBND xã");
        await Expect(units.Nth(0).GetByRole(AriaRole.Heading, new() { Level = 3 })).ToContainTextAsync("Quá hạn 1");
        await Expect(units.Nth(0).GetByRole(AriaRole.Heading, new() { Level = 3 })).ToContainTextAsync("Sắp đến hạn 3");
        await Expect(units.Nth(0).GetByTestId("overdue-officer").GetByRole(AriaRole.Heading, new() { Level = 4 }))
            .ToHaveTextAsync(["Lê Văn Minh (quá hạn 1, sắp đến hạn 3)"]);
        await Expect(units.Nth(0).GetByTestId("overdue-items-row")).ToHaveCountAsync(4);
        await Expect(units.Nth(1).GetByRole(AriaRole.Heading, new() { Level = 3 })).ToContainTextAsync("Lãnh đạo UBND xã");
        await Expect(units.Nth(1).GetByTestId("overdue-officer").GetByRole(AriaRole.Heading, new() { Level = 4 }))
            .ToHaveTextAsync(["Nguyễn Văn Hùng (quá hạn 1, sắp đến hạn 0)"]);
        await Expect(units.Nth(1).GetByTestId("overdue-items-row")).ToHaveCountAsync(1);
        await Expect(units.Nth(1).GetByTestId("overdue-items-row")).ToContainTextAsync(p3.Code);

        // The charts: Chart.js drew both from /api/kpi/trend; the table under them has the same numbers.
        var trend = page.GetByTestId("trend");
        await Expect(trend).ToHaveAttributeAsync("data-rendered", "true");
        Assert.That(await page.EvaluateAsync<int[]>(
            "() => ['chart-received', 'chart-rates'].map(id => Chart.getChart(id)?.data.datasets.length ?? 0)"), Is.EqualTo(new[] { 3, 7 }),
            "three channels; four rates and three targets (electronic transfers 2025, online payments 2025 and 2030)");
        Assert.That(await page.EvaluateAsync<double[]>("() => Chart.getChart('chart-received').data.datasets.map(d => d.data.at(-1))"),
            Is.EqualTo(new[] { 5.0, 0, 0 }), "November: five at the counter");
        var november = page.GetByTestId("trend-row").Filter(new() { Has = page.Locator("th", new() { HasText = "11/2026" }) });
        await Expect(november.Locator("td").First).ToHaveTextAsync("5");
        await Expect(page.GetByTestId("trend-row")).ToHaveCountAsync(12);
        await ScreenshotAsync(page, "supervisor-1-dashboard");

        // Drill-down: the overdue dossier's link opens its page.
        await units.Nth(0).GetByRole(AriaRole.Link, new() { Name = p1.Code }).ClickAsync();
        await Expect(page.GetByTestId("dossier-code")).ToHaveTextAsync(p1.Code);
        await page.GoBackAsync();

        // The unit filter narrows the lists and the figures to the leadership's P3.
        await page.GetByLabel("Đơn vị").SelectOptionAsync(new SelectOptionValue { Label = "Lãnh đạo UBND xã" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();
        await Expect(page.GetByTestId("overdue-items-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("overdue-items-row")).ToContainTextAsync(p3.Code);
        await Expect(page.GetByTestId("tile-received").GetByTestId("value")).ToHaveTextAsync("1");
        Assert.That(page.Url, Does.Contain("unit="), "a filtered view can be bookmarked");
        await Expect(trend).ToHaveAttributeAsync("data-rendered", "true");

        // The procedure filter: only the certified copies, all due soon.
        await page.GotoAsync("/supervisor?procedure=2.000815");
        await Expect(page.GetByTestId("overdue-total")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("overdue-items-row")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("overdue-items-row").Filter(new() { HasText = p2.Code })).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "supervisor-2-procedure");

        // A date that does not exist: a Vietnamese message by the field, what was typed stays, no figures.
        await page.GetByLabel("Từ ngày").FillAsync("31/02/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();
        await Expect(page.GetByTestId("error-from")).ToHaveTextAsync("Ngày bắt đầu không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 01/11/2026.");
        await Expect(page.GetByLabel("Từ ngày")).ToHaveValueAsync("31/02/2026");
        await Expect(page.GetByLabel("Thủ tục")).ToHaveValueAsync("2.000815");
        await Expect(page.GetByTestId("rate-tiles")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "supervisor-3-invalid-filter");

        Assert.That(problems, Is.Empty, "console errors, warnings or CSP violations");
    }

    private async Task<HttpClient> ClientAsync(string userName)
    {
        var client = App.CreateClient();
        using var token = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = OneStopApp.DemoPassword });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<(Guid Id, string Code)> RegisterAsync(HttpClient desk, string procedureCode, string ownerName, int? payment)
    {
        using var response = await desk.PostAsJsonAsync("/api/dossiers", new
        {
            procedureCode,
            owner = new { fullName = ownerName, idNumber = "038190005678", phone = "0987654321" },
            documents = Workflows.Definitions.DefinitionCatalog.Load(TestServices.WorkflowsPath).Find(procedureCode)!.Documents
                .Where(d => d.Mandatory)
                .Select(d => new { key = d.Key, originals = d.Original, certified = d.Certified, photocopies = d.Photocopy })
                .ToArray(),
            fee = payment is null ? null : new { copies = 1, pagesPerCopy = 2 },
            paymentMethod = payment,
        });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("code").GetString()!);
    }
}
