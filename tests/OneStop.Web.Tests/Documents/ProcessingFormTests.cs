using NUnit.Framework;
using OneStop.Web.Documents;
using static OneStop.Web.Tests.Documents.FormSamples;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace OneStop.Web.Tests.Documents;

/// <summary>Forms 04 (apology and extension), 05 (stop notice) and 06 (control sheet) of TT 03/2025/TT-VPCP.</summary>
public sealed class ProcessingFormTests
{
    private const double Mm = 72 / 25.4;

    // Control sheet columns, mm from the page's left edge: 20 mm margin, then 175 mm split 50 | 56 | 32 | 37.
    private static readonly (double From, double To) BodyColumn = (20, 70);
    private static readonly (double From, double To) TimeColumn = (70, 126);
    private static readonly (double From, double To) ResultColumn = (126, 158);
    private static readonly (double From, double To) NoteColumn = (158, 195);

    private static readonly FormSigner Leader = new(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Văn Hùng");

    private readonly FormRenderer _renderer = new();

    public static ApologyForm Apology() => new(
        Header: Header("07/PXL") with { IssuedAt = Appointment.AddDays(-1) },
        IssuerInSentence: "Ủy ban nhân dân xã Nguyên Giáp",
        DossierCode: "H56.151.01-261127-0007",
        Owner: Submitter,
        ProcedureName: "Đăng ký khai sinh",
        ReceivedAt: Received,
        OriginalAppointment: Appointment,
        Reason: "Cần xác minh thông tin nơi sinh với Ủy ban nhân dân xã Quảng Phú; kết quả xác minh chưa được gửi về.",
        NewAppointment: Appointment.AddDays(3).AddHours(5),
        Recipients: ["Như trên;", "Trung tâm Phục vụ hành chính công xã;", "Lưu: VT, hồ sơ."],
        Signer: Leader);

    public static StopNoticeForm Stop() => new(
        Header: Header("02/TBDG"),
        IssuerInSentence: "Ủy ban nhân dân xã Nguyên Giáp",
        DossierCode: "H56.151.01-261127-0009",
        Owner: Submitter,
        ProcedureName: "Đăng ký kết hôn",
        ReceivedAt: Received,
        RequestedAt: Received.AddDays(1),
        StageReached: "Thẩm định hồ sơ (Văn phòng HĐND và UBND xã)",
        StoppedAt: Received.AddDays(1).AddMinutes(45),
        Reason: "Công dân đề nghị dừng giải quyết để bổ sung giấy tờ ở nước ngoài.",
        Recipients: ["Như trên;", "Lưu: VT, hồ sơ."],
        Signer: Leader);

    /// <summary>Desk → office (early), office → leader (late), leader → desk (open).</summary>
    public static ControlSheetForm ControlSheet(IReadOnlyList<HandOver>? rows = null) => new(
        Header: Header(""),
        Register: new RegisterReference("2026", "125"),
        DossierCode: "H56.151.01-261127-0007",
        Owner: Submitter,
        ProcedureName: "Đăng ký khai sinh",
        ReceivedAt: Received,
        AppointmentAt: Appointment,
        ProcessingBodies: ["Văn phòng HĐND và UBND xã", "Lãnh đạo UBND xã"],
        PartnerBodies: ["Công an xã"],
        HandOvers: rows ??
        [
            new("Người nộp hồ sơ", "Nguyễn Thị Hằng", "Trung tâm Phục vụ hành chính công xã", "Trần Thị Thu Hà",
                Received, Received.AddHours(1), Received.AddMinutes(20), null),
            new("Trung tâm Phục vụ hành chính công xã", "Trần Thị Thu Hà", "Văn phòng HĐND và UBND xã", "Lê Văn Minh",
                Received.AddMinutes(20), Received.AddDays(2), Received.AddDays(1), "Chuyển điện tử: Công an xã"),
            new("Văn phòng HĐND và UBND xã", "Lê Văn Minh", "Lãnh đạo UBND xã", "Nguyễn Văn Hùng",
                Received.AddDays(1), Received.AddDays(2), Received.AddDays(2).AddMinutes(1), "Trả lại: thiếu chữ ký người làm chứng"),
            new("Lãnh đạo UBND xã", "Nguyễn Văn Hùng", "Trung tâm Phục vụ hành chính công xã", null,
                Received.AddDays(2).AddMinutes(1), Received.AddDays(3), null, null),
        ]);

    [Test]
    public void Apology_letter_shows_every_field()
    {
        var form = Apology();
        var pdf = _renderer.Render(form);
        Keep("form04", pdf);
        var text = AllText(pdf);

        string[] expected =
        [
            "UBND XÃ NGUYÊN GIÁP",
            "TRUNG TÂM PHỤC VỤ",
            "Số: 07/PXL",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Nguyên Giáp, ngày 01 tháng 12 năm 2026",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Mẫu số 04 Thông tư số 03/2025/TT-VPCP",
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            "Kính gửi: Ông/Bà Nguyễn Thị Hằng",
            "Địa chỉ: " + form.Owner.Address,
            "Ngày 27 tháng 11 năm 2026, Trung tâm Phục vụ hành chính công xã Nguyên Giáp tiếp nhận giải quyết hồ sơ đề nghị Đăng ký khai sinh của Ông/Bà.",
            "Mã hồ sơ: H56.151.01-261127-0007",
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 02 tháng 12 năm 2026",
            "chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời hạn quy định ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
            "Lý do: " + form.Reason,
            "Ủy ban nhân dân xã Nguyên Giáp trân trọng xin lỗi Ông/Bà",
            "Thời gian hẹn trả kết quả lại: 15 giờ 00 phút, ngày 05 tháng 12 năm 2026",
            "Nơi nhận:",
            "- Như trên;",
            "- Lưu: VT, hồ sơ.",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "(Ký, ghi rõ họ tên và đóng dấu)",
            "Nguyễn Văn Hùng",
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var value in expected)
            {
                Assert.That(text, Does.Contain(value));
            }

            Assert.That(PageTexts(pdf), Has.Count.EqualTo(1));
        }

        AssertNoOverlappingWords(pdf);
    }

    [Test]
    public void Stop_notice_shows_every_field()
    {
        var form = Stop();
        var pdf = _renderer.Render(form);
        Keep("form05", pdf);
        var text = AllText(pdf);

        string[] expected =
        [
            "Số: 02/TBDG",
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            "(Mẫu số 05 Thông tư số 03/2025/TT-VPCP)",
            "Kính gửi: Ông/Bà Nguyễn Thị Hằng",
            "Mã hồ sơ: H56.151.01-261127-0009",
            "Thời gian Ông/Bà yêu cầu dừng giải quyết hồ sơ: 09 giờ 30 phút, ngày 28 tháng 11 năm 2026",
            "Hồ sơ đang được giải quyết ở bước: Thẩm định hồ sơ (Văn phòng HĐND và UBND xã)",
            "Lý do: " + form.Reason,
            "thông báo dừng giải quyết hồ sơ nêu trên kể từ 10 giờ 15 phút, ngày 28 tháng 11 năm 2026.",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
            "Nguyễn Văn Hùng",
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var value in expected)
            {
                Assert.That(text, Does.Contain(value));
            }
        }

        AssertNoOverlappingWords(pdf);
    }

    [Test]
    public void Control_sheet_shows_the_header_fields_and_one_row_per_hand_over()
    {
        var form = ControlSheet();
        var pdf = _renderer.Render(form);
        Keep("form06", pdf);
        var text = AllText(pdf);

        string[] expected =
        [
            "Quyển số: 2026, Số thứ tự: 125",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Kèm theo hồ sơ của: Ông/Bà Nguyễn Thị Hằng",
            "Mã hồ sơ: H56.151.01-261127-0007",
            "Ngày, giờ nhận hồ sơ: 09 giờ 30 phút, ngày 27 tháng 11 năm 2026",
            "Ngày, giờ hẹn trả kết quả: 10 giờ 00 phút, ngày 02 tháng 12 năm 2026",
            "Cơ quan (bộ phận) giải quyết hồ sơ: Văn phòng HĐND và UBND xã; Lãnh đạo UBND xã",
            "Cơ quan phối hợp giải quyết hồ sơ: Công an xã",
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var value in expected)
            {
                Assert.That(text, Does.Contain(value));
            }

            Assert.That(Band(pdf, 1, BodyColumn), Does.Contain("TÊN CƠ QUAN"));
            Assert.That(Band(pdf, 1, TimeColumn), Does.Contain("THỜI GIAN GIAO, NHẬN HỒ SƠ"));
            Assert.That(Band(pdf, 1, ResultColumn), Does.Contain("KẾT QUẢ"));
            Assert.That(Band(pdf, 1, NoteColumn), Does.Contain("GHI CHÚ"));
            var bodies = Band(pdf, 1, BodyColumn);
            Assert.That(bodies, Does.Contain("1. Giao: Trung tâm Phục vụ hành chính công xã 2. Nhận: Văn phòng HĐND và UBND xã"));
            Assert.That(bodies, Does.Contain("1. Giao: Văn phòng HĐND và UBND xã 2. Nhận: Lãnh đạo UBND xã"));
            var times = Band(pdf, 1, TimeColumn);
            Assert.That(times, Does.Contain("09 giờ 50 phút, ngày 27 tháng 11 năm 2026 Người giao: Trần Thị Thu Hà Người nhận: Lê Văn Minh"));
            Assert.That(Results(Band(pdf, 1, ResultColumn)), Is.EqualTo(new[] { "Trước hạn", "Trước hạn", "Quá hạn" }),
                "the open last row stays blank");
            var notes = Band(pdf, 1, NoteColumn);
            Assert.That(notes, Does.Contain("Chuyển điện tử: Công an xã"));
            Assert.That(notes, Does.Contain("Trả lại: thiếu chữ ký người làm chứng"));
        }

        AssertNoOverlappingWords(pdf);
    }

    [Test]
    public void Hand_over_result_is_judged_to_the_minute()
    {
        var due = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(FormRenderer.HandOverResult(due, due.AddMinutes(-1)), Is.EqualTo("Trước hạn"));
            Assert.That(FormRenderer.HandOverResult(due, due), Is.EqualTo("Đúng hạn"));
            Assert.That(FormRenderer.HandOverResult(due, due.AddSeconds(59)), Is.EqualTo("Đúng hạn"), "same minute");
            Assert.That(FormRenderer.HandOverResult(due, due.AddMinutes(1)), Is.EqualTo("Quá hạn"));
            Assert.That(FormRenderer.HandOverResult(due, due.ToOffset(TimeSpan.FromHours(7))), Is.EqualTo("Đúng hạn"), "offsets do not matter");
            Assert.That(FormRenderer.HandOverResult(due, null), Is.Empty);
        }
    }

    [Test]
    public void Control_sheet_with_forty_hand_overs_runs_over_pages_with_the_header_repeated()
    {
        string[] units =
        [
            "Trung tâm Phục vụ hành chính công xã Nguyên Giáp",
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
            "Phòng Văn hóa – Xã hội",
            "Lãnh đạo Ủy ban nhân dân xã",
        ];
        string[] people = ["Công Tằng Tôn Nữ Thị Bích Ngọc Hoàng Phương Thảo", "Nguyễn Thị Hằng", "Lê Văn Minh", "Phạm Thị Lan"];
        var rows = Enumerable.Range(0, 40).Select(i =>
        {
            var at = Received.AddHours(2 * i);
            var due = at.AddHours(2);
            var done = (i % 3) switch { 0 => due.AddMinutes(-30), 1 => due.AddMinutes(45), _ => due };
            return new HandOver(units[i % units.Length], people[i % people.Length], units[(i + 1) % units.Length],
                people[(i + 1) % people.Length], at, due, i == 39 ? null : done,
                $"Bàn giao số {i + 1}" + (i % 5 == 0 ? ": chuyển hồ sơ giấy kèm bản chính giấy tờ tùy thân của người yêu cầu" : ""));
        }).ToList();
        var pdf = _renderer.Render(ControlSheet(rows));
        Keep("form06-long", pdf);
        var pages = PageTexts(pdf);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages, Has.Count.GreaterThanOrEqualTo(3));
            for (var p = 1; p <= pages.Count; p++)
            {
                Assert.That(Band(pdf, p, BodyColumn), Does.Contain("TÊN CƠ QUAN"), $"header row on page {p}");
                Assert.That(Band(pdf, p, NoteColumn), Does.Contain("GHI CHÚ"), $"header row on page {p}");
            }

            var notes = string.Join(" ", Enumerable.Range(1, pages.Count).Select(p => Band(pdf, p, NoteColumn)));
            var times = string.Join(" ", Enumerable.Range(1, pages.Count).Select(p => Band(pdf, p, TimeColumn)));
            var results = string.Join(" ", Enumerable.Range(1, pages.Count).Select(p => Band(pdf, p, ResultColumn)));
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.That(notes, Does.Contain($"Bàn giao số {i + 1}" + (i % 5 == 0 ? ":" : "")), $"row {i + 1}");
                Assert.That(times, Does.Contain(VietnameseText.Instant(rows[i].At)), $"row {i + 1}");
            }

            var expectedResults = rows.Take(39).Select(r => FormRenderer.HandOverResult(r.DueAt, r.CompletedAt)).ToList();
            Assert.That(expectedResults.Count(r => r == "Quá hạn"), Is.EqualTo(13), "precondition: 13 late rows");
            Assert.That(Results(results), Is.EqualTo(expectedResults), "each row's result, in order; the open last row blank");
            Assert.That(times, Does.Contain("Người giao: Công Tằng Tôn Nữ Thị Bích Ngọc Hoàng Phương Thảo"), "a long name wraps inside its cell");
        }

        AssertNoOverlappingWords(pdf);
        AssertInsideMargins(pdf);
    }

    private static string Band(byte[] pdf, int page, (double From, double To) band) => BandText(pdf, page, band.From, band.To);

    /// <summary>The result cells in a band, leaving out the header's "(Trước hạn/ Đúng hạn/ Quá hạn)".</summary>
    private static List<string> Results(string band) =>
        System.Text.RegularExpressions.Regex.Matches(band, "(Trước|Đúng|Quá) hạn(?![/)])").Select(m => m.Value).ToList();

    private static void AssertInsideMargins(byte[] pdf)
    {
        var outside = Words(pdf)
            .Where(w => !(w.Page > 1 && w.Word.BoundingBox.Bottom > (282 * Mm)
                && w.Word.Text == w.Page.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Where(w => w.Word.BoundingBox.Left < (20 * Mm) - 0.5 || w.Word.BoundingBox.Right > (195 * Mm) + 0.5
                || w.Word.BoundingBox.Bottom < (15 * Mm) - 0.5 || w.Word.BoundingBox.Top > (282 * Mm) + 0.5)
            .Select(w => $"p{w.Page} '{w.Word.Text}'")
            .ToList();
        Assert.That(outside, Is.Empty);
    }

    private static void AssertNoOverlappingWords(byte[] pdf)
    {
        var overlaps = new List<string>();
        using var document = PigDocument.Open(pdf);
        foreach (var page in document.GetPages())
        {
            var words = page.GetWords().ToList();
            for (var i = 0; i < words.Count; i++)
            {
                for (var j = i + 1; j < words.Count; j++)
                {
                    var (a, b) = (words[i].BoundingBox, words[j].BoundingBox);
                    if (a.Left + 1 < b.Right - 1 && b.Left + 1 < a.Right - 1 && a.Bottom + 1 < b.Top - 1 && b.Bottom + 1 < a.Top - 1)
                    {
                        overlaps.Add($"p{page.Number} '{words[i].Text}' / '{words[j].Text}'");
                    }
                }
            }
        }

        Assert.That(overlaps, Is.Empty);
    }
}
