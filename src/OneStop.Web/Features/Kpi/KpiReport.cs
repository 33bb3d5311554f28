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
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset);
        bool In(DateTimeOffset? t) => t is { } v && v >= start && v < end;

        // Tiếp nhận trong kỳ.
        var received = facts.Where(f => In(f.ReceivedAt)).ToList();
        var online = received.Count(f => f.Channel == Channel.Online);

        // Đã giải quyết trong kỳ: result ready, or refused/stopped after acceptance (NotAccepted at the desk is not a decision on the dossier).
        var finished = facts.Where(f => f.ReceivedAt is not null
            && (In(f.ResultReadyAt) || (f.ResultReadyAt is null && In(f.ClosedAt) && f.Status == DossierStatus.Stopped))).ToList();
        // DOMAIN §2.3 [C S-TH]: dates compared at day granularity (Vietnam dates): < trước hạn, = đúng hạn, > quá hạn.
        int Compare(KpiDossierFact f) => f.Deadline is { } deadline
            ? LocalDate(f.ResultReadyAt ?? f.ClosedAt!.Value).CompareTo(LocalDate(deadline))
            : 0;
        var early = finished.Count(f => Compare(f) < 0);
        var onTime = finished.Count(f => Compare(f) == 0);
        var late = finished.Count(f => Compare(f) > 0);

        // Đang xử lý tại cuối kỳ: received before the end, not finished or closed by then.
        var inProgress = facts.Where(f => f.ReceivedAt < end
            && !(f.ResultReadyAt < end) && !(f.ClosedAt < end)).ToList();
        // DOMAIN §2.3 [C S-TH]: trong hạn if the deadline date ≥ the report date.
        var withinDeadline = inProgress.Count(f => f.Deadline is not { } d || LocalDate(d) >= to);
        var overdue = inProgress.Count - withinDeadline;
        var paused = inProgress.Count(f => f.Status is DossierStatus.SupplementRequested or DossierStatus.FinancialObligation);
        var withdrawn = facts.Count(f => In(f.ClosedAt) && f.Status == DossierStatus.Withdrawn);
        var notAccepted = facts.Count(f => In(f.ClosedAt) && f.Status == DossierStatus.NotAccepted);

        var withResult = finished.Where(f => f.ResultReadyAt is not null).ToList();
        // DOMAIN §4.1 "đã giải quyết có số hóa kết quả": finished with a result (9/10) and an electronic result attached by the
        // end of the range. A stopped dossier has no result to digitise, so it is in neither count.
        var resultsDigitised = withResult.Count(f => f.ResultDigitisedAt < end);
        decimal? averageDays = withResult.Count == 0 ? null : Math.Round(withResult.Average(f =>
            (decimal)calendarOf(f.AgencyId).WorkingMinutesBetween(f.ReceivedAt!.Value, f.ResultReadyAt!.Value)) / 480m, 2);

        var electronic = received.Sum(f => f.TransfersElectronic);
        var paper = received.Sum(f => f.TransfersPaper);
        var withFee = received.Where(f => f.Fee > 0).ToList();
        var paidOnline = withFee.Count(f => f.PaidOnline);
        var digitised = received.Count(f => f.DigitisedDocuments.Count + f.ReusedDocuments.Count > 0);
        var reused = received.Count(f => f.ReusedDocuments.Count > 0);
        var rated = facts.Where(f => In(f.RatedAt) && f.Rating is not null).ToList();
        var satisfied = rated.Count(f => f.Rating is Satisfaction.VerySatisfied or Satisfaction.Satisfied);

        var sections = new List<KpiSection>
        {
            new("received", "Tiếp nhận trong kỳ", [
                new("received.total", "Tổng số hồ sơ tiếp nhận", received.Count, Count),
                new("received.counter", "Trực tiếp", received.Count(f => f.Channel == Channel.Counter), Count),
                new("received.online", "Trực tuyến", online, Count),
                new("received.postal", "Qua bưu chính công ích", received.Count(f => f.Channel == Channel.Postal), Count),
            ]),
            new("finished", "Đã giải quyết trong kỳ", [
                new("finished.total", "Tổng số hồ sơ đã giải quyết", finished.Count, Count),
                new("finished.early", "Trước hạn", early, Count),
                new("finished.onTime", "Đúng hạn", onTime, Count),
                new("finished.late", "Quá hạn", late, Count),
                new("finished.averageDays", "Thời gian giải quyết trung bình", averageDays, "ngày làm việc",
                    Note: "từ tiếp nhận đến khi có kết quả, theo lịch làm việc của cơ quan"),
            ]),
            new("inProgress", $"Đang giải quyết tại ngày {to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}", [
                new("inProgress.total", "Tổng số hồ sơ đang giải quyết", inProgress.Count, Count),
                new("inProgress.withinDeadline", "Trong hạn", withinDeadline, Count),
                new("inProgress.overdue", "Quá hạn", overdue, Count),
                new("inProgress.paused", "Đang tạm dừng (chờ bổ sung, nghĩa vụ tài chính)", paused, Count, Note: "theo trạng thái hiện tại"),
            ]),
            new("closed", "Dừng, rút trong kỳ", [
                new("closed.withdrawn", "Công dân rút hồ sơ", withdrawn, Count),
                new("closed.notAccepted", "Không được tiếp nhận (trực tuyến)", notAccepted, Count),
            ]),
            new("rates", "Tỷ lệ", [
                Rate("rates.onTime", "Giải quyết đúng và trước hạn", early + onTime, finished.Count, null, null, "trên hồ sơ đã giải quyết trong kỳ"),
                Rate("rates.transfersElectronic", "Luân chuyển liên thông điện tử", electronic, electronic + paper, 85m, null,
                    "lượt chuyển và nhận lại giữa cơ quan, hồ sơ tiếp nhận trong kỳ (định nghĩa địa phương, DOMAIN §4.3 [U])"),
                Rate("rates.online", "Hồ sơ nộp trực tuyến", online, received.Count, null, null, "trên hồ sơ tiếp nhận; QĐ 766 CLGQ: đủ điểm từ 50 %"),
                Rate("rates.onlinePayment", "Thanh toán trực tuyến (hồ sơ có phí, lệ phí)", paidOnline, withFee.Count, 30m, 50m, "trên hồ sơ tiếp nhận có phí, lệ phí"),
                Rate("rates.digitised", "Hồ sơ có thành phần được số hóa", digitised, received.Count, null, null, "trên hồ sơ tiếp nhận; QĐ 766 MDSH: đủ điểm từ 80 %"),
                Rate("rates.reused", "Hồ sơ tái sử dụng dữ liệu đã số hóa", reused, received.Count, null, null, "trên hồ sơ tiếp nhận; QĐ 766 MDSH: đủ điểm từ 80 %"),
                Rate("rates.resultsDigitised", "Hồ sơ đã giải quyết có kết quả điện tử", resultsDigitised, withResult.Count, null, null,
                    "trên hồ sơ đã có kết quả trong kỳ; QĐ 766 MDSH: tỷ lệ thuận"),
                Rate("rates.satisfaction", "Mức độ hài lòng", satisfied, rated.Count, 95m, 98m, "rất hài lòng và hài lòng trên lượt đánh giá trong kỳ"),
            ]),
            new("other", "Khác (hồ sơ tiếp nhận trong kỳ)", [
                new("other.transfersElectronic", "Lượt luân chuyển liên thông điện tử", electronic, "lượt"),
                new("other.transfersPaper", "Lượt luân chuyển liên thông bản giấy", paper, "lượt"),
                new("other.digitisedDocuments", "Giấy tờ được số hóa", received.Sum(f => f.DigitisedDocuments.Count), "giấy tờ"),
                new("other.reusedDocuments", "Giấy tờ được tái sử dụng", received.Sum(f => f.ReusedDocuments.Count), "giấy tờ"),
                new("other.apologyLetters", "Văn bản xin lỗi, hẹn lại đã ban hành", received.Sum(f => f.ApologyLetters), "văn bản"),
                new("other.ratings", "Lượt đánh giá trong kỳ", rated.Count, "lượt"),
            ]),
        };

        var inRange = steps.Where(s => In(s.CompletedAt)).ToList();
        var officers = inRange.GroupBy(s => s.OfficerId)
            .Select(g => new OfficerSteps(g.Key, g.Key is { } id && officerNames.TryGetValue(id, out var name) ? name : "(chưa phân công)",
                g.Count(), g.Count(s => !s.OnTime)))
            .OrderByDescending(o => o.Late).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.OfficerId)
            .ToList();

        var qd766 = Qd766Groups(finished.Count, early + onTime, inProgress.Count, withinDeadline, online, received.Count,
            paidOnline, withFee.Count, satisfied, rated.Count, digitised, reused, resultsDigitised, withResult.Count);
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
