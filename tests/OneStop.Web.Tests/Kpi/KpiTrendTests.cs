using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneStop.Testing;

namespace OneStop.Web.Tests.Kpi;

/// <summary>
/// <c>GET /api/kpi/trend</c>: dossiers driven through the API in October and November 2026 give the month-by-month
/// figures worked out by hand; each month agrees with <c>/api/kpi</c> for that month; filters, authorization and
/// bad parameters.
/// </summary>
[NonParallelizable]
public sealed class KpiTrendTests() : KpiHarness(Wednesday8, "kpitrend")
{
    // Wednesday 28/10/2026 08:00 in Vietnam, a working day.
    private static readonly DateTimeOffset Wednesday8 = new(2026, 10, 28, 8, 0, 0, TimeSpan.FromHours(7));

    private bool _scripted;

    /// <summary>
    /// October: A (birth registration, free, same day) finished on Wednesday → on time; B (certified copy, fee paid
    /// online, due the same Wednesday) left open; C filed online (fee paid online) and accepted.
    /// November (Monday 02/11): B finished → late; D (free) and E (fee paid in cash) registered and left open.
    /// </summary>
    private async Task ScriptAsync()
    {
        if (_scripted)
        {
            return;
        }
        _scripted = true;
        var a = await RegisterAsync("1.001193");
        await CompleteStepsAsync(a.Id, 2);
        var b = await RegisterAsync("2.000815", new { copies = 1, pagesPerCopy = 1 }, payment: 2 /* Online */, owner: "Trần Văn Bình");
        var c = await SubmitOnlineAsync("Mai Thị Lan");
        using (var accepted = await (await ClientAsync("tiepnhan")).PostAsJsonAsync($"/api/dossiers/{c}/actions/accept", new { }))
        {
            Assert.That(accepted.IsSuccessStatusCode, Is.True, await accepted.Content.ReadAsStringAsync());
        }

        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime());
        await CompleteStepsAsync(b.Id, 2);
        await RegisterAsync("1.001193", owner: "Lê Thị Cúc");
        await RegisterAsync("2.000815", new { copies = 1, pagesPerCopy = 1 }, payment: 1 /* Cash */, owner: "Vũ Thị Phượng");
        await WaitForProjectionAsync();
    }

    private async Task<JsonElement> TrendAsync(string query)
    {
        await ScriptAsync();
        using var response = await (await ClientAsync("giamsat")).GetAsync("/api/kpi/trend?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, JsonElement> Figures(JsonElement month) =>
        month.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);

    private static decimal? Value(JsonElement figure) =>
        figure.GetProperty("value").ValueKind == JsonValueKind.Null ? null : figure.GetProperty("value").GetDecimal();

    private static decimal? Value(Dictionary<string, JsonElement> figures, string key) => Value(figures[key]);

    [Test]
    public async Task Each_month_gives_the_hand_computed_figures_with_the_plan_targets()
    {
        var trend = await TrendAsync("months=3&to=2026-11");
        var months = trend.GetProperty("months").EnumerateArray().ToList();
        Assert.That(months.Select(m => m.GetProperty("month").GetString()), Is.EqualTo(new[] { "2026-09", "2026-10", "2026-11" }));
        var (sep, oct, nov) = (Figures(months[0]), Figures(months[1]), Figures(months[2]));
        Assert.Multiple(() =>
        {
            Assert.That(months[1].GetProperty("from").GetString(), Is.EqualTo("2026-10-01"));
            Assert.That(months[1].GetProperty("to").GetString(), Is.EqualTo("2026-10-31"));

            Assert.That(Value(sep, "received.total"), Is.EqualTo(0));
            Assert.That(Value(sep, "rates.onTime"), Is.Null, "nothing finished in September");

            // October: A, B at the counter, C online; A finished the day it was due.
            Assert.That(Value(oct, "received.total"), Is.EqualTo(3));
            Assert.That(Value(oct, "received.counter"), Is.EqualTo(2));
            Assert.That(Value(oct, "received.online"), Is.EqualTo(1));
            Assert.That(Value(oct, "received.postal"), Is.EqualTo(0));
            Assert.That(Value(oct, "finished.total"), Is.EqualTo(1));
            Assert.That(Value(oct, "rates.onTime"), Is.EqualTo(100m));
            Assert.That(Value(oct, "rates.online"), Is.EqualTo(33.33m));
            // B and C have a fee, both paid online.
            Assert.That(Value(oct, "rates.onlinePayment"), Is.EqualTo(100m));
            Assert.That(oct["rates.onlinePayment"].GetProperty("numerator").GetInt64(), Is.EqualTo(2));
            Assert.That(Value(oct, "rates.transfersElectronic"), Is.Null, "no inter-agency hand-off");

            // November: D, E at the counter; B finished five days after its due date.
            Assert.That(Value(nov, "received.total"), Is.EqualTo(2));
            Assert.That(Value(nov, "received.counter"), Is.EqualTo(2));
            Assert.That(Value(nov, "received.online"), Is.EqualTo(0));
            Assert.That(Value(nov, "finished.total"), Is.EqualTo(1));
            Assert.That(Value(nov, "rates.onTime"), Is.EqualTo(0m));
            Assert.That(Value(nov, "rates.online"), Is.EqualTo(0m));
            // E is the only November dossier with a fee, paid in cash.
            Assert.That(Value(nov, "rates.onlinePayment"), Is.EqualTo(0m));
            Assert.That(nov["rates.onlinePayment"].GetProperty("denominator").GetInt64(), Is.EqualTo(1));

            // The plan's targets: electronic transfers 85 %, online payments 30 % (2025) and 50 % (2030).
            Assert.That(nov["rates.transfersElectronic"].GetProperty("target").GetDecimal(), Is.EqualTo(85m));
            Assert.That(nov["rates.onlinePayment"].GetProperty("target").GetDecimal(), Is.EqualTo(30m));
            Assert.That(nov["rates.onlinePayment"].GetProperty("target2030").GetDecimal(), Is.EqualTo(50m));
        });
    }

    [Test]
    public async Task Every_month_agrees_with_the_table_for_that_month()
    {
        var months = (await TrendAsync("to=2026-11")).GetProperty("months").EnumerateArray().ToList();
        Assert.That(months, Has.Count.EqualTo(12), "twelve months by default");
        Assert.That(months[0].GetProperty("month").GetString(), Is.EqualTo("2025-12"));
        var giamsat = await ClientAsync("giamsat");
        foreach (var month in months.TakeLast(3))
        {
            var table = await giamsat.GetFromJsonAsync<JsonElement>(
                $"/api/kpi?from={month.GetProperty("from").GetString()}&to={month.GetProperty("to").GetString()}");
            var expected = table.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("figures").EnumerateArray())
                .ToDictionary(f => f.GetProperty("key").GetString()!);
            foreach (var (key, figure) in Figures(month))
            {
                Assert.That(figure.GetRawText(), Is.EqualTo(expected[key].GetRawText()), $"{month.GetProperty("month")} {key}");
            }
        }
    }

    [Test]
    public async Task The_procedure_filter_keeps_only_its_dossiers()
    {
        var months = (await TrendAsync("months=2&to=2026-11&procedure=2.000815")).GetProperty("months").EnumerateArray().ToList();
        var (oct, nov) = (Figures(months[0]), Figures(months[1]));
        Assert.Multiple(() =>
        {
            Assert.That(Value(oct, "received.total"), Is.EqualTo(1), "B");
            Assert.That(Value(oct, "rates.onlinePayment"), Is.EqualTo(100m));
            Assert.That(Value(oct, "finished.total"), Is.EqualTo(0));
            Assert.That(Value(nov, "received.total"), Is.EqualTo(1), "E");
            Assert.That(Value(nov, "finished.total"), Is.EqualTo(1), "B");
            Assert.That(Value(nov, "rates.onTime"), Is.EqualTo(0m));
        });
    }

    [Test]
    public async Task Specialists_may_not_and_anonymous_callers_must_sign_in()
    {
        using var specialist = await (await ClientAsync("chuyenvien")).GetAsync("/api/kpi/trend");
        using var anonymous = await App.CreateClient().GetAsync("/api/kpi/trend");
        Assert.Multiple(() =>
        {
            Assert.That(specialist.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [TestCase("months=0", "months", "Số tháng phải là số nguyên từ 1 đến 36 (tham số months).")]
    [TestCase("months=37", "months", "Số tháng phải là số nguyên từ 1 đến 36 (tham số months).")]
    [TestCase("months=abc", "months", "Số tháng phải là số nguyên từ 1 đến 36 (tham số months).")]
    [TestCase("to=2026-13", "to", "Cần tháng dạng yyyy-MM (tham số to).")]
    [TestCase("to=11/2026", "to", "Cần tháng dạng yyyy-MM (tham số to).")]
    public async Task Bad_parameters_give_a_Vietnamese_validation_problem(string query, string field, string message)
    {
        using var response = await (await ClientAsync("giamsat")).GetAsync("/api/kpi/trend?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Dữ liệu gửi lên không hợp lệ."));
            Assert.That(problem.GetProperty("errors").GetProperty(field)[0].GetString(), Is.EqualTo(message));
        });
    }

    [Test]
    public async Task Another_agency_is_for_administrators_only()
    {
        using var response = await (await ClientAsync("giamsat")).GetAsync("/api/kpi/trend?agency=H99.200");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Không có quyền xem chỉ số của cơ quan khác."));
    }
}
