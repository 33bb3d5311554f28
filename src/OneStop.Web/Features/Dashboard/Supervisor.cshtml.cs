using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Kpi;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Features.Overdue;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Dashboard;

/// <summary>
/// The supervisor's dashboard: the plan's KPI tiles for a period, today's overdue and due-soon steps by unit then
/// officer, and month-by-month trend charts (drawn by wwwroot/js/supervisor.js from <c>/api/kpi/trend</c>, with the
/// same numbers in a table). Filters are a GET form, so a filtered view can be bookmarked or shared.
/// </summary>
[Authorize(Roles = Roles.Supervisor + "," + Roles.Leader + "," + Roles.Admin)]
public sealed class SupervisorModel(OneStopDbContext db, KpiService kpi, OverdueBoard board, DefinitionCatalog catalog, TimeProvider clock) : PageModel
{
    public const string DateFormat = "dd/MM/yyyy";

    /// <summary>The rates the plan sets targets for (and their neighbours), in tile order.</summary>
    public static readonly IReadOnlyList<string> RateKeys =
    [
        "rates.onTime", "rates.transfersElectronic", "rates.online", "rates.onlinePayment", "rates.digitised", "rates.reused", "rates.satisfaction",
    ];

    public sealed record QuickChoice(string Label, DateOnly From, DateOnly To);

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Procedure { get; set; }

    /// <summary>Filter errors by field (from, to, unit, procedure), shown next to the field.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Units { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Procedures { get; private set; } = [];

    public IReadOnlyList<QuickChoice> QuickChoices { get; private set; } = [];

    public DateOnly FromDate { get; private set; }

    public DateOnly ToDate { get; private set; }

    public KpiReport? Report { get; private set; }

    public OverdueReport? Overdue { get; private set; }

    public KpiTrend? Trend { get; private set; }

    /// <summary>The trend's JSON for the charts: the same filters, 12 months ending with the period's (the whole year for a period from 1 January).</summary>
    public string TrendUrl { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var agencyId = User.AgencyId();
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => a.Code).SingleAsync(ct);
        Units = [.. (await db.Units.AsNoTracking().Where(u => u.AgencyId == agencyId).OrderBy(u => u.Code).Select(u => new { u.Id, u.Name }).ToListAsync(ct))
            .Select(u => (u.Id, u.Name))];
        Procedures = [.. catalog.Definitions.Select(d => (d.Code, d.Name)).Distinct().OrderBy(p => p.Code, StringComparer.Ordinal)];

        var today = KpiCalculator.LocalDate(clock.GetUtcNow());
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        QuickChoices =
        [
            new("Tháng này", monthStart, today),
            new("Tháng trước", monthStart.AddMonths(-1), monthStart.AddDays(-1)),
            new("Năm nay", new DateOnly(today.Year, 1, 1), today),
        ];
        FromDate = ParseDate(From, "from", "Ngày bắt đầu", monthStart);
        ToDate = ParseDate(To, "to", "Ngày kết thúc", today);
        if (!Errors.ContainsKey("from") && !Errors.ContainsKey("to") && FromDate > ToDate)
        {
            Errors["to"] = "Ngày kết thúc không được trước ngày bắt đầu.";
        }
        Guid? unit = null;
        if (!string.IsNullOrWhiteSpace(Unit))
        {
            if (Guid.TryParse(Unit, out var id) && Units.Any(u => u.Id == id))
            {
                unit = id;
            }
            else
            {
                Errors["unit"] = "Đơn vị không thuộc cơ quan của bạn; hãy chọn trong danh sách.";
            }
        }
        var procedure = string.IsNullOrWhiteSpace(Procedure) ? null : Procedure.Trim();
        if (procedure is not null && Procedures.All(p => p.Code != procedure))
        {
            Errors["procedure"] = "Không có thủ tục này trong danh mục; hãy chọn trong danh sách.";
        }
        if (Errors.Count > 0)
        {
            return;
        }

        var query = new KpiQuery(FromDate, ToDate, agency, unit, procedure);
        Report = await kpi.ReportAsync(query, ct);
        Overdue = await board.ReportAsync(User, unit, null, procedure, ct);
        var trendEnd = FromDate.Month == 1 && FromDate.Day == 1 && ToDate.Year == FromDate.Year ? new DateOnly(ToDate.Year, 12, 1) : ToDate;
        Trend = await kpi.TrendAsync(query with { From = trendEnd.AddMonths(-11), To = trendEnd }, ct);
        TrendUrl = "/api/kpi/trend" + QueryString.Create(new Dictionary<string, string?>
        {
            ["months"] = "12",
            ["to"] = trendEnd.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ["unit"] = unit?.ToString(),
            ["procedure"] = procedure,
        }.Where(p => p.Value is not null)).ToUriComponent();
    }

    /// <summary>Whether a rate meets the plan, in words (and a Bootstrap colour to go with them).</summary>
    public static (string Text, string Colour) State(KpiFigure f) => f switch
    {
        { Value: null } => ("Chưa có số liệu", "secondary"),
        { Target: null } => ("Kế hoạch không đặt chỉ tiêu", "secondary"),
        { Target2030: { } t2030 } when f.Value >= t2030 => ("Đạt chỉ tiêu 2025 và 2030", "success"),
        _ when f.Value >= f.Target => ("Đạt chỉ tiêu 2025", "success"),
        _ => ("Chưa đạt chỉ tiêu 2025", "danger"),
    };

    /// <summary>The link of a quick period choice, keeping the unit and procedure filters.</summary>
    public string QuickLink(QuickChoice choice) => "/supervisor" + QueryString.Create(new Dictionary<string, string?>
    {
        ["from"] = Date(choice.From),
        ["to"] = Date(choice.To),
        ["unit"] = Unit,
        ["procedure"] = Procedure,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    public KpiFigure? Figure(string key) => Report?.Sections.SelectMany(s => s.Figures).FirstOrDefault(f => f.Key == key);

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Month(DateOnly date) => date.ToString("MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>Numbers the Vietnamese way: dot for thousands, comma for decimals.</summary>
    public static string Number(decimal? value) => value?.ToString("#,##0.##", VietnameseText.Culture) ?? "—";

    public static string Percent(decimal? value) => value is null ? "—" : Number(value) + " %";

    private DateOnly ParseDate(string? text, string field, string label, DateOnly fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (DateOnly.TryParseExact(text.Trim(), ["d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        Errors[field] = $"{label} không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ {Date(fallback)}.";
        return fallback;
    }
}
