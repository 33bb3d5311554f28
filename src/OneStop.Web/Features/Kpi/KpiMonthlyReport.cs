using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Kpi;

/// <summary>Received dossiers by channel and the on-time rate of one month (the report's 12-month charts).</summary>
public sealed record KpiMonth(DateOnly Month, decimal Counter, decimal Online, decimal Postal, decimal? OnTimeRate);

/// <summary>The monthly report to the province: the month's KPI table, the twelve months up to it, who prepared it.</summary>
public sealed record KpiMonthlyReport(FormHeader Header, DateOnly Month, string? UnitName, string? Procedure, KpiReport Report,
    IReadOnlyList<KpiMonth> History, string PreparedBy);

/// <summary>Builds <see cref="KpiMonthlyReport"/> from the projection: the month's table and the twelve months' trend (one read).</summary>
public sealed class KpiMonthlyReports(OneStopDbContext db, KpiService kpi, TimeProvider clock)
{
    public const int HistoryMonths = 12;

    /// <summary>"2026-11" → 01/11/2026; null for anything else (or a month before year 2000).</summary>
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year >= 2000
            ? month
            : null;

    public async Task<KpiMonthlyReport> BuildAsync(Guid agencyId, DateOnly month, Guid? unit, string? procedure, string preparedBy,
        CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().Include(a => a.Units).SingleAsync(a => a.Id == agencyId, ct);
        var unitName = unit is { } u ? agency.Units.FirstOrDefault(x => x.Id == u)?.Name ?? u.ToString() : null;
        var last = month.AddMonths(1).AddDays(-1);
        var report = (await kpi.ReportAsync(new KpiQuery(month, last, agency.Code, unit, procedure), ct))!;
        var trend = (await kpi.TrendAsync(new KpiQuery(month.AddMonths(1 - HistoryMonths), last, agency.Code, unit, procedure), ct))!;
        var history = trend.Months.Select(m =>
        {
            var figures = m.Figures.ToDictionary(f => f.Key, f => f.Value);
            return new KpiMonth(m.From, figures["received.counter"] ?? 0, figures["received.online"] ?? 0,
                figures["received.postal"] ?? 0, figures["rates.onTime"]);
        }).ToList();
        var header = ReceptionApi.HeaderOf(agency, "……/BC", clock.GetUtcNow());
        return new KpiMonthlyReport(header, month, unitName, procedure, report, history, preparedBy);
    }
}
