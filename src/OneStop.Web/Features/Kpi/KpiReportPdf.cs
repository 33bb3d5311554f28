using System.Globalization;
using OneStop.Web.Documents;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace OneStop.Web.Features.Kpi;

/// <summary>
/// The monthly KPI report to the province as a formal A4 document: national header, the month's figures, the rates
/// against the plan's targets, the QĐ 766 groups with their formulas, late steps by officer, charts (OxyPlot, drawn as
/// vectors in the document's font) and the signature blocks.
/// </summary>
internal static class KpiReportPdf
{
    private const double TableSize = 11;
    private const double ChartHeight = 52 * FormLayout.Mm;
    private static readonly CultureInfo Vi = VietnameseText.Culture;
    private static readonly OxyColor Counter = OxyColor.FromRgb(0x1F, 0x4E, 0x79);
    private static readonly OxyColor Online = OxyColor.FromRgb(0x2E, 0x8B, 0x57);
    private static readonly OxyColor Postal = OxyColor.FromRgb(0xD9, 0x8C, 0x1F);
    private static readonly OxyColor Target = OxyColor.FromRgb(0xB0, 0xB0, 0xB0);

    public static string Title(DateOnly month) =>
        "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG " + month.ToString("MM/yyyy", CultureInfo.InvariantCulture);

    public static string Number(decimal? value) => value?.ToString("#,##0.##", Vi) ?? "—";

    /// <summary>"Đạt" when the rate reaches the plan's target, "Chưa đạt" below it; no target or no figure is said so.</summary>
    public static string Assessment(KpiFigure f) => (f.Value, f.Target) switch
    {
        (_, null) => "Không đặt chỉ tiêu",
        (null, _) => "Chưa có số liệu",
        ({ } v, { } t) => v >= t ? "Đạt" : "Chưa đạt",
    };

    public static byte[] Render(KpiMonthlyReport m)
    {
        var title = Title(m.Month);
        using var layout = new FormLayout(title);
        var s = new FormRenderer.Styles(layout);
        var last = m.Month.AddMonths(1).AddDays(-1);
        var scope = string.Join("; ", new[]
        {
            m.UnitName is null ? null : "đơn vị " + m.UnitName,
            m.Procedure is null ? null : "thủ tục " + m.Procedure,
        }.Where(x => x is not null));
        FormRenderer.Heading(layout, s, m.Header, title, null,
            $"(Kỳ báo cáo: từ ngày {m.Month.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} đến ngày {last.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}"
            + (scope.Length > 0 ? "; " + scope : "") + ")");
        var head = layout.Font(TableSize, bold: true);
        var body = layout.Font(TableSize);
        var report = m.Report;

        Heading2(layout, s, "I. TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ");
        var rows = new List<IReadOnlyList<string>>();
        var sections = report.Sections.Where(x => x.Key != "rates").ToList();
        for (var i = 0; i < sections.Count; i++)
        {
            rows.Add([(i + 1).ToString(CultureInfo.InvariantCulture), sections[i].Title.ToUpper(Vi), "", ""]);
            rows.AddRange(sections[i].Figures.Select((f, j) => (IReadOnlyList<string>)
                [$"{i + 1}.{j + 1}", f.Label + (f.Note is null ? "" : $" ({f.Note})"), Number(f.Value), f.Unit]));
        }
        layout.Table(
            [new TableColumn(12, TextAlign.Center), new TableColumn(110, TextAlign.Left), new TableColumn(22, TextAlign.Right), new TableColumn(31, TextAlign.Left)],
            ["STT", "Chỉ tiêu", "Số liệu", "Đơn vị tính"], rows, head, body);

        Heading2(layout, s, "II. CÁC TỶ LỆ SO VỚI CHỈ TIÊU KẾ HOẠCH");
        var rates = report.Sections.Single(x => x.Key == "rates").Figures;
        layout.Table(
            [
                new TableColumn(12, TextAlign.Center), new TableColumn(60, TextAlign.Left), new TableColumn(22, TextAlign.Center),
                new TableColumn(20, TextAlign.Right), new TableColumn(28, TextAlign.Right), new TableColumn(33, TextAlign.Center),
            ],
            ["STT", "Chỉ tiêu", "Tử số / mẫu số", "Tỷ lệ (%)", "Chỉ tiêu kế hoạch 2025 / 2030 (%)", "Đánh giá"],
            [.. rates.Select((f, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), f.Label, $"{f.Numerator}/{f.Denominator}", Number(f.Value),
                f.Target is null ? "—" : Number(f.Target) + (f.Target2030 is null ? "" : " / " + Number(f.Target2030)), Assessment(f),
            ])],
            head, body);

        Heading2(layout, s, "III. CHỈ SỐ ĐÁNH GIÁ THEO QUYẾT ĐỊNH SỐ 766/QĐ-TTg");
        layout.Table(
            [
                new TableColumn(17, TextAlign.Center), new TableColumn(34, TextAlign.Left), new TableColumn(16, TextAlign.Right),
                new TableColumn(18, TextAlign.Right), new TableColumn(16, TextAlign.Right), new TableColumn(74, TextAlign.Left),
            ],
            ["Nhóm", "Tên nhóm chỉ số", "Điểm tối đa", "Phần tính được", "Điểm đạt", "Công thức (mức tin cậy)"],
            [.. report.Qd766.Select(g => (IReadOnlyList<string>)
            [
                g.Code, g.Name, Number(g.Max), Number(g.Computed), Number(g.Score),
                $"{g.Formula} [{g.Confidence}]" + (string.IsNullOrEmpty(g.Note) ? "" : $"; chưa tính: {g.Note}"),
            ])],
            head, body);
        layout.Paragraph(
            $"Tổng điểm các phần tính được: {Number(report.Qd766.Sum(g => g.Score ?? 0))}/{Number(report.Qd766.Sum(g => g.Computed))} điểm. "
            + "[C]: theo công thức đã đối chiếu; [R]: công thức suy ra từ số liệu Cổng Dịch vụ công quốc gia.",
            s.Note);

        Heading2(layout, s, "IV. BƯỚC XỬ LÝ TRỄ HẠN THEO CÁN BỘ");
        if (report.Officers.Count == 0)
        {
            layout.Paragraph("Không có bước xử lý nào hoàn thành trong kỳ.", s.Body);
        }
        else
        {
            layout.Table(
                [new TableColumn(12, TextAlign.Center), new TableColumn(83, TextAlign.Left), new TableColumn(27, TextAlign.Right), new TableColumn(25, TextAlign.Right), new TableColumn(28, TextAlign.Right)],
                ["STT", "Cán bộ", "Bước đã hoàn thành", "Bước trễ hạn", "Tỷ lệ trễ hạn (%)"],
                [.. report.Officers.Select((o, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), o.Name, Number(o.Completed), Number(o.Late),
                    Number(o.Completed == 0 ? null : Math.Round(100m * o.Late / o.Completed, 2)),
                ])],
                head, body);
        }

        Heading2(layout, s, "V. BIỂU ĐỒ");
        layout.Plot(ChannelChart(m.History), ChartHeight);
        layout.Plot(OnTimeChart(m.History), ChartHeight);
        layout.Plot(TargetChart(rates), ChartHeight + (10 * FormLayout.Mm));

        FormRenderer.Signatures(layout, FormRenderer.SignatureColumns(layout, s, ("NGƯỜI LẬP BIỂU", m.PreparedBy), ("THỦ TRƯỞNG CƠ QUAN", "")));
        return layout.ToPdf();
    }

    private static void Heading2(FormLayout layout, FormRenderer.Styles s, string text)
    {
        layout.Space(2 * FormLayout.Mm);
        // A heading is never left alone at the bottom of a page.
        layout.EnsureSpace(layout.MeasureHeight([new Run(text, s.Bold)], layout.Width) + (25 * FormLayout.Mm));
        layout.Paragraph(text, s.Bold, spaceAfter: 2);
    }

    private static PlotModel Chart(string title)
    {
        var model = new PlotModel
        {
            Title = title,
            TitleFontSize = 12,
            TitleFontWeight = FontWeights.Bold,
            DefaultFontSize = 10,
            PlotAreaBorderColor = OxyColors.Gray,
            Padding = new OxyThickness(0, 4, 8, 0),
            Culture = Vi,
        };
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.BottomCenter,
            LegendPlacement = LegendPlacement.Outside,
            LegendOrientation = LegendOrientation.Horizontal,
            LegendFontSize = 10,
        });
        return model;
    }

    private static string MonthLabel(DateOnly month) => month.ToString("MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>Stacked columns: received dossiers per month by channel.</summary>
    private static PlotModel ChannelChart(IReadOnlyList<KpiMonth> history)
    {
        var model = Chart("Hồ sơ tiếp nhận theo kênh, 12 tháng gần nhất");
        var categories = new CategoryAxis { Position = AxisPosition.Bottom, Key = "month", GapWidth = 0.4 };
        categories.Labels.AddRange(history.Select(h => MonthLabel(h.Month)));
        model.Axes.Add(categories);
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left, Key = "count", Minimum = 0, MinimumPadding = 0, MaximumPadding = 0.1, Title = "Hồ sơ",
            MajorGridlineStyle = LineStyle.Dot, MinimumMajorStep = 1, StringFormat = "0",
        });
        foreach (var (name, color, value) in new (string, OxyColor, Func<KpiMonth, decimal>)[]
        {
            ("Trực tiếp", Counter, h => h.Counter), ("Trực tuyến", Online, h => h.Online), ("Bưu chính công ích", Postal, h => h.Postal),
        })
        {
            var series = new BarSeries { Title = name, FillColor = color, IsStacked = true, XAxisKey = "count", YAxisKey = "month", StrokeThickness = 0 };
            series.Items.AddRange(history.Select(h => new BarItem((double)value(h))));
            model.Series.Add(series);
        }
        return model;
    }

    /// <summary>Line: the on-time rate per month (months without finished dossiers are gaps).</summary>
    private static PlotModel OnTimeChart(IReadOnlyList<KpiMonth> history)
    {
        var model = Chart("Tỷ lệ giải quyết đúng và trước hạn, 12 tháng gần nhất (%)");
        var categories = new CategoryAxis { Position = AxisPosition.Bottom };
        categories.Labels.AddRange(history.Select(h => MonthLabel(h.Month)));
        model.Axes.Add(categories);
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left, Minimum = 0, Maximum = 105, MajorStep = 20, Title = "%", MajorGridlineStyle = LineStyle.Dot,
        });
        var line = new LineSeries
        {
            Title = "Đúng và trước hạn", Color = Counter, StrokeThickness = 1.5, MarkerType = MarkerType.Circle, MarkerSize = 2.5,
            MarkerFill = Counter, LabelFormatString = "{1:0.#}", FontSize = 9,
        };
        for (var i = 0; i < history.Count; i++)
        {
            line.Points.Add(history[i].OnTimeRate is { } rate ? new DataPoint(i, (double)rate) : DataPoint.Undefined);
        }
        model.Series.Add(line);
        return model;
    }

    /// <summary>Horizontal bars: each rate of the month beside the plan's target where the plan sets one.</summary>
    private static PlotModel TargetChart(IReadOnlyList<KpiFigure> rates)
    {
        var model = Chart("Các tỷ lệ của tháng so với chỉ tiêu kế hoạch (%)");
        var categories = new CategoryAxis { Position = AxisPosition.Left, Key = "rate", GapWidth = 0.3, StartPosition = 1, EndPosition = 0 };
        categories.Labels.AddRange(rates.Select(f => f.Label));
        model.Axes.Add(categories);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Key = "value", Minimum = 0, Maximum = 110, MajorStep = 20, MajorGridlineStyle = LineStyle.Dot });
        var values = new BarSeries
        {
            Title = "Kết quả", FillColor = Counter, XAxisKey = "value", YAxisKey = "rate", LabelFormatString = "{0:0.##}",
            LabelPlacement = LabelPlacement.Outside, FontSize = 9,
        };
        values.Items.AddRange(rates.Select(f => new BarItem((double)(f.Value ?? 0))));
        var targets = new BarSeries { Title = "Chỉ tiêu kế hoạch 2025", FillColor = Target, XAxisKey = "value", YAxisKey = "rate" };
        targets.Items.AddRange(rates.Select(f => new BarItem((double)(f.Target ?? 0))));
        model.Series.Add(values);
        model.Series.Add(targets);
        return model;
    }
}
