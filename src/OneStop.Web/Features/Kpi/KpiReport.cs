using System.Globalization;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Calendar;

namespace OneStop.Web.Features.Kpi;

/// <summary>The KPI table for a date range (Vietnam dates, both ends included).</summary>
public sealed record KpiReport(
    DateOnly From, DateOnly To, string? Agency, Guid? Unit, string? Procedure,
    IReadOnlyList<KpiSection> Sections,
    IReadOnlyList<OfficerSteps> Officers,
    IReadOnlyList<Qd766Group> Qd766)
{
    /// <summary>Every figure by key (sections, officers, QĐ 766 scores), for comparisons.</summary>
    public IEnumerable<(string Key, string Label, decimal? Value)> Flatten()
    {
        foreach (var f in Sections.SelectMany(s => s.Figures))
        {
            yield return (f.Key, f.Label, f.Value);
            if (f.Numerator is not null)
            {
                yield return (f.Key + ".numerator", f.Label + " (tử số)", f.Numerator);
                yield return (f.Key + ".denominator", f.Label + " (mẫu số)", f.Denominator);
            }
        }
        foreach (var o in Officers)
        {
            yield return ($"officer.{o.OfficerId}.completed", $"{o.Name}: bước đã hoàn thành", o.Completed);
            yield return ($"officer.{o.OfficerId}.late", $"{o.Name}: bước trễ hạn", o.Late);
        }
        foreach (var g in Qd766)
        {
            yield return ("qd766." + g.Code, $"QĐ 766 {g.Code}", g.Score);
        }
    }
}

public sealed record KpiSection(string Key, string Title, IReadOnlyList<KpiFigure> Figures);

/// <summary>
/// One figure. Percentages carry their numerator and denominator (<see cref="Value"/> is null when the denominator is 0)
/// and the plan's targets where the plan sets one (<see cref="Target"/> for 2025, <see cref="Target2030"/>).
/// </summary>
public sealed record KpiFigure(string Key, string Label, decimal? Value, string Unit,
    long? Numerator = null, long? Denominator = null, decimal? Target = null, decimal? Target2030 = null, string? Note = null);

/// <summary>Steps an officer completed in the range and how many of them after their due.</summary>
public sealed record OfficerSteps(Guid? OfficerId, string Name, int Completed, int Late);

/// <summary>A QĐ 766 group as far as our data supports it: points scored of <see cref="Computed"/> computable of <see cref="Max"/>.</summary>
public sealed record Qd766Group(string Code, string Name, int Max, decimal Computed, decimal? Score, string Formula, string Confidence, string Note);

/// <summary>Aggregates <see cref="KpiDossierFact"/> rows into the table. Pure: the same rows give the same table.</summary>
public static class KpiCalculator
{
    public const string Percent = "%";
    public const string Count = "hồ sơ";

    /// <summary>
    /// <paramref name="facts"/> and <paramref name="steps"/> already filtered by agency/unit/procedure;
    /// <paramref name="calendarOf"/> gives the agency's working calendar (processing time in working days).
    /// </summary>
    public static KpiReport Compute(DateOnly from, DateOnly to, string? agency, Guid? unit, string? procedure,
        IReadOnlyList<KpiDossierFact> facts, IReadOnlyList<KpiStepCompletion> steps,
        Func<Guid, WorkingCalendar> calendarOf, IReadOnlyDictionary<Guid, string> officerNames)
    {
        var (start, end) = KpiCounts.Instants(from, to);
        var withResult = facts.Where(f => f.ResultReadyAt is not null && KpiCounts.IsFinished(f, start, end))
            .Select(f => (f.AgencyId, f.ReceivedAt!.Value, f.ResultReadyAt!.Value));
        var officers = steps.Where(s => s.CompletedAt >= start && s.CompletedAt < end).GroupBy(s => s.OfficerId)
            .Select(g => (g.Key, g.Count(), g.Count(s => !s.OnTime)));
        return Build(from, to, agency, unit, procedure, KpiCounts.Of(from, to, facts), AverageDays(withResult, calendarOf),
            Officers(officers, officerNames));
    }

    /// <summary>
    /// Thời gian giải quyết trung bình in working days (480 minutes) of the agency's calendar, from acceptance to the
    /// result, over the dossiers finished with a result; null when there are none.
    /// </summary>
    public static decimal? AverageDays(IEnumerable<(Guid AgencyId, DateTimeOffset ReceivedAt, DateTimeOffset ResultReadyAt)> withResult,
        Func<Guid, WorkingCalendar> calendarOf)
    {
        long count = 0;
        decimal minutes = 0;
        foreach (var (agencyId, receivedAt, resultReadyAt) in withResult)
        {
            count++;
            minutes += calendarOf(agencyId).WorkingMinutesBetween(receivedAt, resultReadyAt);
        }
        return count == 0 ? null : Math.Round(minutes / count / 480m, 2);
    }

    /// <summary>Steps completed in the range by officer (null: unassigned), most late first.</summary>
    public static List<OfficerSteps> Officers(IEnumerable<(Guid? OfficerId, int Completed, int Late)> byOfficer,
        IReadOnlyDictionary<Guid, string> officerNames) =>
        byOfficer
            .Select(o => new OfficerSteps(o.OfficerId, o.OfficerId is { } id && officerNames.TryGetValue(id, out var name) ? name : "(chưa phân công)",
                o.Completed, o.Late))
            .OrderByDescending(o => o.Late).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.OfficerId)
            .ToList();

    /// <summary>The table from the range's <paramref name="c"/>ounts, average processing time and officers' steps.</summary>
    public static KpiReport Build(DateOnly from, DateOnly to, string? agency, Guid? unit, string? procedure, KpiCounts c,
        decimal? averageDays, IReadOnlyList<OfficerSteps> officers)
    {
        var sections = new List<KpiSection>
        {
            new("received", "Tiếp nhận trong kỳ", [
                new("received.total", "Tổng số hồ sơ tiếp nhận", c.Received, Count),
                new("received.counter", "Trực tiếp", c.Counter, Count),
                new("received.online", "Trực tuyến", c.Online, Count),
                new("received.postal", "Qua bưu chính công ích", c.Postal, Count),
            ]),
            new("finished", "Đã giải quyết trong kỳ", [
                new("finished.total", "Tổng số hồ sơ đã giải quyết", c.Finished, Count),
                new("finished.early", "Trước hạn", c.Early, Count),
                new("finished.onTime", "Đúng hạn", c.OnTime, Count),
                new("finished.late", "Quá hạn", c.Late, Count),
                new("finished.averageDays", "Thời gian giải quyết trung bình", averageDays, "ngày làm việc",
                    Note: "từ tiếp nhận đến khi có kết quả, theo lịch làm việc của cơ quan"),
            ]),
            new("inProgress", $"Đang giải quyết tại ngày {to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", [
                new("inProgress.total", "Tổng số hồ sơ đang giải quyết", c.InProgress, Count),
                new("inProgress.withinDeadline", "Trong hạn", c.WithinDeadline, Count),
                new("inProgress.overdue", "Quá hạn", c.InProgress - c.WithinDeadline, Count),
                new("inProgress.paused", "Đang tạm dừng (chờ bổ sung, nghĩa vụ tài chính)", c.Paused, Count, Note: "theo trạng thái hiện tại"),
            ]),
            new("closed", "Dừng, rút trong kỳ", [
                new("closed.withdrawn", "Công dân rút hồ sơ", c.Withdrawn, Count),
                new("closed.notAccepted", "Không được tiếp nhận (trực tuyến)", c.NotAccepted, Count),
            ]),
            new("rates", "Tỷ lệ", [
                Rate("rates.onTime", "Giải quyết đúng và trước hạn", c.Early + c.OnTime, c.Finished, null, null, "trên hồ sơ đã giải quyết trong kỳ"),
                Rate("rates.transfersElectronic", "Luân chuyển liên thông điện tử", c.TransfersElectronic, c.TransfersElectronic + c.TransfersPaper, 85m, null,
                    "lượt chuyển và nhận lại giữa cơ quan, hồ sơ tiếp nhận trong kỳ (định nghĩa địa phương, DOMAIN §4.3 [U])"),
                Rate("rates.online", "Hồ sơ nộp trực tuyến", c.Online, c.Received, null, null, "trên hồ sơ tiếp nhận; QĐ 766 CLGQ: đủ điểm từ 50 %"),
                Rate("rates.onlinePayment", "Thanh toán trực tuyến (hồ sơ có phí, lệ phí)", c.PaidOnline, c.WithFee, 30m, 50m, "trên hồ sơ tiếp nhận có phí, lệ phí"),
                Rate("rates.digitised", "Hồ sơ có thành phần được số hóa", c.Digitised, c.Received, null, null, "trên hồ sơ tiếp nhận; QĐ 766 MDSH: đủ điểm từ 80 %"),
                Rate("rates.reused", "Hồ sơ tái sử dụng dữ liệu đã số hóa", c.Reused, c.Received, null, null, "trên hồ sơ tiếp nhận; QĐ 766 MDSH: đủ điểm từ 80 %"),
                Rate("rates.resultsDigitised", "Hồ sơ đã giải quyết có kết quả điện tử", c.ResultsDigitised, c.WithResult, null, null,
                    "trên hồ sơ đã có kết quả trong kỳ; QĐ 766 MDSH: tỷ lệ thuận"),
                Rate("rates.satisfaction", "Mức độ hài lòng", c.Satisfied, c.Rated, 95m, 98m, "rất hài lòng và hài lòng trên lượt đánh giá trong kỳ"),
            ]),
            new("other", "Khác (hồ sơ tiếp nhận trong kỳ)", [
                new("other.transfersElectronic", "Lượt luân chuyển liên thông điện tử", c.TransfersElectronic, "lượt"),
                new("other.transfersPaper", "Lượt luân chuyển liên thông bản giấy", c.TransfersPaper, "lượt"),
                new("other.digitisedDocuments", "Giấy tờ được số hóa", c.DigitisedDocuments, "giấy tờ"),
                new("other.reusedDocuments", "Giấy tờ được tái sử dụng", c.ReusedDocuments, "giấy tờ"),
                new("other.apologyLetters", "Văn bản xin lỗi, hẹn lại đã ban hành", c.ApologyLetters, "văn bản"),
                new("other.ratings", "Lượt đánh giá trong kỳ", c.Rated, "lượt"),
            ]),
        };

        var qd766 = Qd766Groups(c.Finished, c.Early + c.OnTime, c.InProgress, c.WithinDeadline, c.Online, c.Received,
            c.PaidOnline, c.WithFee, c.Satisfied, c.Rated, c.Digitised, c.Reused, c.ResultsDigitised, c.WithResult);
        return new KpiReport(from, to, agency, unit, procedure, sections, officers, qd766);
    }

    /// <summary>
    /// The QĐ 766/QĐ-TTg groups our data supports (DOMAIN §4.1). Formulas are reverse-engineered from DVCQG unless
    /// marked [C]; each group carries its confidence mark. Parts we have no data for are left out of <see cref="Qd766Group.Computed"/>.
    /// </summary>
    private static List<Qd766Group> Qd766Groups(int finished, int finishedOnTime, int inProgress, int inProgressOnTime,
        int online, int received, int paidOnline, int withFee, int satisfied, int rated, int digitised, int reused,
        int resultsDigitised, int withResult)
    {
        static decimal? Ratio(int n, int d) => d == 0 ? null : (decimal)n / d;
        static decimal Round(decimal v) => Math.Round(v, 2);
        var groups = new List<Qd766Group>();

        // TDGQ (20) [C S-766prog; S-TH]: ratio = totalOnTime / totalReceived, on-time = finished early/on time + in
        // progress within deadline, received = on-time + overdue; score = 20 × ratio.
        var progress = Ratio(finishedOnTime + inProgressOnTime, finished + inProgress);
        groups.Add(new("TDGQ", "Tiến độ giải quyết", 20, 20, progress is { } p ? Round(20 * p) : null,
            "20 × (đã giải quyết đúng, trước hạn + đang giải quyết trong hạn) / (đã giải quyết + đang giải quyết)", "C", ""));

        // CLGQ (12) [R S-766rev]: min(2, 2·A/0.80) + 4·B + min(6, 6·C/0.50); only C (share of dossiers filed online) is ours.
        var c = Ratio(online, received);
        groups.Add(new("CLGQ", "Dịch vụ công trực tuyến", 12, 6, c is { } cv ? Round(Math.Min(6, 6 * cv / 0.50m)) : null,
            "min(6, 6 × C / 0,50), C = hồ sơ trực tuyến / hồ sơ tiếp nhận", "R",
            "chỉ phần C; A (TTHC cung cấp trực tuyến) và B (TTHC trực tuyến có phát sinh hồ sơ) cần số liệu danh mục"));

        // TTTT (10) [R S-766pay, S-766rev]: 6·A + min(2, 2.5·B) + 2.5·C; A (chỉ tiêu 3.6) = hồ sơ thanh toán trực tuyến
        // thành công / hồ sơ có nghĩa vụ tài chính is ours.
        var pay = Ratio(paidOnline, withFee);
        groups.Add(new("TTTT", "Thanh toán trực tuyến", 10, 6, pay is { } pv ? Round(6 * pv) : null,
            "6 × hồ sơ thanh toán trực tuyến / hồ sơ có phí, lệ phí (chỉ tiêu 3.6)", "R",
            "chỉ tiêu 3.5, 3.5b (tỷ lệ TTHC) cần số liệu Cổng DVCQG"));

        // MDHL (18) [R S-766rev, S-766api]: DOSSIER_RECEIVING_SATISFACTION = min(6, 6·sat/0.90); petitions (PAKN) are not ours.
        var sat = Ratio(satisfied, rated);
        groups.Add(new("MDHL", "Mức độ hài lòng", 18, 6, sat is { } sv ? Round(Math.Min(6, 6 * sv / 0.90m)) : null,
            "min(6, 6 × hài lòng / 0,90)", "R", "chỉ tiêu phản ánh, kiến nghị (12 điểm) không quản lý trong hệ thống"));

        // MDSH (22) [C S-TH, provincial approximation]: kết quả điện tử 6 (proportional), số hóa 4 (full at ≥ 80 %),
        // tái sử dụng 2 (full at ≥ 80 %).
        var res = Ratio(resultsDigitised, withResult);
        var dig = Ratio(digitised, received);
        var reu = Ratio(reused, received);
        groups.Add(new("MDSH", "Số hóa hồ sơ", 22, 12,
            res is { } ev && dig is { } dv && reu is { } rv ? Round((6 * ev) + Math.Min(4, 4 * dv / 0.80m) + Math.Min(2, 2 * rv / 0.80m)) : null,
            "6 × có kết quả điện tử / đã có kết quả + min(4, 4 × có số hóa / 0,80) + min(2, 2 × tái sử dụng / 0,80)", "C",
            "đồng bộ kho dữ liệu, khai thác CSDL dân cư, chứng thực điện tử chưa tính"));
        return groups;
    }

    private static KpiFigure Rate(string key, string label, long numerator, long denominator, decimal? target, decimal? target2030,
        string? note = null) =>
        new(key, label, denominator == 0 ? null : Math.Round(100m * numerator / denominator, 2), Percent,
            numerator, denominator, target, target2030, note);

    public static DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(WorkingCalendar.ToVietnamTime(instant).DateTime);
}
