using System.Globalization;
using System.Text;
using NUnit.Framework;
using OneStop.Web.Documents;
using UglyToad.PdfPig.Content;
using static OneStop.Web.Tests.Documents.FormSamples;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace OneStop.Web.Tests.Documents;

public sealed class FormRendererTests
{
    private const double Mm = 72 / 25.4;
    private const double Tolerance = 0.5;

    // Document table columns, mm from the page's left edge: 20 mm margin, then 12 | 93 | 23 | 24 | 23.
    private static readonly (double From, double To) NumberColumn = (20, 32);
    private static readonly (double From, double To) NameColumn = (32, 125);
    private static readonly (double From, double To) OriginalColumn = (125, 148);
    private static readonly (double From, double To) CertifiedColumn = (148, 172);
    private static readonly (double From, double To) PhotoColumn = (172, 195);

    // The left header block is 72 mm wide.
    private static readonly (double From, double To) LeftHeader = (20, 92);
    private readonly FormRenderer _renderer = new();

    [Test]
    public void Receipt_shows_every_field()
    {
        var form = Receipt();
        var pdf = _renderer.Render(form);
        Keep("form01", pdf);
        var text = AllText(pdf);

        string[] expected =
        [
            "UBND XÃ NGUYÊN GIÁP",
            "Số: 125/TNHS",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Nguyên Giáp, ngày 27 tháng 11 năm 2026",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Mã hồ sơ: " + form.DossierCode,
            "Người nộp hồ sơ: Ông/Bà Nguyễn Thị Hằng",
            "Số CCCD/Định danh cá nhân: " + form.Submitter.IdentityNumber,
            "Địa chỉ: " + form.Submitter.Address,
            "Số điện thoại: " + form.Submitter.Phone,
            "Email: " + form.Submitter.Email,
            "Hình thức nộp: Trực tiếp",
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
            "Số lượng hồ sơ: 01 bộ",
            "Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
            "Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 27 tháng 11 năm 2026",
            "Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 02 tháng 12 năm 2026",
            "Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công xã Nguyên Giáp",
            "Phí, lệ phí: 21.000 đồng",
            "Vào Sổ theo dõi hồ sơ, Quyển số: 03, Số thứ tự: 125",
            "Quét mã QR để tra cứu tình trạng hồ sơ",
            "Mã tra cứu: 4827",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "(Ký và ghi rõ họ tên)",
            "Trần Quốc Việt",
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var value in expected)
            {
                Assert.That(text, Does.Contain(value));
            }

            Assert.That(Band(pdf, 1, LeftHeader), Does.Contain("UBND XÃ NGUYÊN GIÁP TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG Số: 125/TNHS"));
            AssertTableHeader(pdf, 1, "TT");
            foreach (var document in form.Documents)
            {
                Assert.That(Band(pdf, 1, NameColumn), Does.Contain(document.Name));
            }

            Assert.That(PageTexts(pdf), Has.Count.EqualTo(1), "a four-document receipt fits on one page");
        }
    }

    [Test]
    public void Receipt_numbers_document_rows_and_prints_each_count_under_its_kind()
    {
        var pdf = _renderer.Render(Receipt() with
        {
            Documents = [new("Tờ khai", 1, 0, 0), new("Giấy chứng sinh", 0, 3, 0), new("Căn cước", 0, 0, 2)],
        });
        var text = AllText(pdf);

        Assert.That(text, Does.Contain("1 Tờ khai 1 2 Giấy chứng sinh 3 3 Căn cước 2"));
    }

    [Test]
    public void Receipt_names_the_owner_only_when_different_from_the_submitter()
    {
        var owner = new FormPerson("Phạm Đức Anh", "038200009999", "Xóm Bãi, xã Nguyên Giáp");
        var withOwner = AllText(_renderer.Render(Receipt() with { Owner = owner }));
        var without = AllText(_renderer.Render(Receipt()));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(withOwner, Does.Contain("Chủ hồ sơ: Ông/Bà Phạm Đức Anh"));
            Assert.That(withOwner, Does.Contain("Địa chỉ chủ hồ sơ: Xóm Bãi, xã Nguyên Giáp"));
            Assert.That(withOwner, Does.Contain("038200009999"));
            Assert.That(without, Does.Not.Contain("Chủ hồ sơ"));
        }
    }

    [Test]
    public void Receipt_without_fee_says_so()
    {
        var text = AllText(_renderer.Render(Receipt() with { Fee = null }));

        Assert.That(text, Does.Contain("Phí, lệ phí: Không"));
    }

    [Test]
    public void Receipt_carries_the_lookup_qr_code_as_an_image_on_page_one()
    {
        var pdf = _renderer.Render(Receipt());

        using var document = PigDocument.Open(pdf);
        var images = document.GetPage(1).GetImages().ToList();
        Assert.That(images, Has.Count.EqualTo(1));
        // Square, and drawn at the 30 mm size the layout asks for.
        Assert.That(images[0].BoundingBox.Width, Is.EqualTo(30 * Mm).Within(0.5));
        Assert.That(images[0].BoundingBox.Height, Is.EqualTo(30 * Mm).Within(0.5));
    }

    [Test]
    public void A_long_document_list_continues_on_page_two_with_the_header_row_repeated()
    {
        var documents = Enumerable.Range(1, 25)
            .Select(i => new FormDocumentLine($"Giấy tờ chứng minh số {i} về quyền sử dụng đất và tài sản gắn liền với đất của hộ gia đình", 1, 1, 1))
            .ToList();
        var pdf = _renderer.Render(Receipt() with { Documents = documents });
        Keep("form01-long", pdf);
        var pages = PageTexts(pdf);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(pages[1], Does.StartWith("2 "), "pages are numbered from the second one");
            Assert.That(pages[0], Does.Not.StartWith("1 "));
            AssertTableHeader(pdf, 1, "TT");
            AssertTableHeader(pdf, 2, "TT");
            Assert.That(Band(pdf, 2, NameColumn), Does.Contain(documents[24].Name));
            var names = string.Join(" ", Enumerable.Range(1, pages.Count).Select(p => Band(pdf, p, NameColumn)));
            foreach (var document in documents)
            {
                Assert.That(names, Does.Contain(document.Name));
            }

            Assert.That(pages[^1], Does.Contain("Quét mã QR để tra cứu tình trạng hồ sơ"), "QR panel kept with the signatures");
            Assert.That(pages[^1], Does.Contain("NGƯỜI TIẾP NHẬN HỒ SƠ"));
        }

        AssertInsideMargins(pdf);
    }

    [Test]
    public void Long_names_and_unbroken_words_wrap_inside_the_margins()
    {
        var longName = "Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Phúc Vĩnh Long Bảo Ngọc Quỳnh Như Ý Xuân Hương Minh Nguyệt";
        var unbroken = "https://onestop.nguyengiap.gov.vn/" + new string('x', 150);
        var form = Receipt() with
        {
            Submitter = Submitter with { FullName = longName, Address = unbroken },
            ReceivingOfficerName = "Công Tằng Tôn Nữ Thị Bích Ngọc Hoàng Phương Thảo Minh Châu Nguyệt Ánh",
            Documents = [new(unbroken, 1, 0, 0), .. BirthDocuments],
            ResultDelivery = "Nhận tại nhà qua dịch vụ bưu chính công ích: " + string.Concat(Enumerable.Repeat("Số 12, ngõ 34, ", 10)),
        };
        var pdf = _renderer.Render(form);
        Keep("form01-wrap", pdf);

        Assert.That(AllText(pdf), Does.Contain(longName));
        AssertInsideMargins(pdf);
        AssertNoOverlappingWords(pdf);
    }

    [Test]
    public void Markup_in_a_name_is_printed_literally()
    {
        var form = Receipt() with { Submitter = Submitter with { FullName = "<script>alert(1)</script>" } };

        var text = AllText(_renderer.Render(form));

        Assert.That(text, Does.Contain("<script>alert(1)</script>"));
        Assert.That(text, Does.Not.Contain("&lt;"));
    }

    [Test]
    public void Decomposed_input_is_printed_composed()
    {
        var decomposedName = "Nguyễn Thị Hằng".Normalize(NormalizationForm.FormD);
        var decomposedPlace = "Nguye\u0302n Gia\u0301p";
        Assert.That(decomposedName, Is.Not.EqualTo("Nguyễn Thị Hằng"), "precondition: the input really is decomposed");
        var form = Receipt() with
        {
            Header = Header("125/TNHS") with { PlaceName = decomposedPlace },
            Submitter = Submitter with { FullName = decomposedName },
        };

        var text = AllText(_renderer.Render(form));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("Ông/Bà Nguyễn Thị Hằng"));
            Assert.That(text, Does.Contain("Nguyên Giáp, ngày 27 tháng 11 năm 2026"));
            Assert.That(text.Any(c => c is >= '\u0300' and <= '\u036F'), Is.False, "no combining marks left");
        }
    }

    [Test]
    public void Supplement_request_shows_every_field()
    {
        var form = Supplement();
        var pdf = _renderer.Render(form);
        Keep("form02", pdf);
        var text = AllText(pdf);

        string[] expected =
        [
            "UBND XÃ NGUYÊN GIÁP",
            "Số: 12/HDHS",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Mã hồ sơ: " + form.DossierCode,
            "Trung tâm Phục vụ hành chính công xã Nguyên Giáp tiếp nhận hồ sơ của: Ông/Bà Nguyễn Thị Hằng",
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
            "Địa chỉ: " + form.Applicant.Address,
            "Số điện thoại: " + form.Applicant.Phone,
            "Email: " + form.Applicant.Email,
            "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:",
            "Lý do: " + form.Reason,
            "tra cứu thông tin về thủ tục hành chính tại Website https://dichvucong.gov.vn hoặc liên hệ với công chức Lê Văn Dũng, số điện thoại 0237 3852 123 để được hướng dẫn",
            "NGƯỜI HƯỚNG DẪN",
            "Trần Quốc Việt",
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var value in expected)
            {
                Assert.That(text, Does.Contain(value));
            }

            AssertTableHeader(pdf, 1, "STT");
            foreach (var document in form.RequiredDocuments)
            {
                Assert.That(Band(pdf, 1, NameColumn), Does.Contain(document.Name));
            }

            Assert.That(text, Does.Not.Contain("NGƯỜI NỘP HỒ SƠ"));
        }
    }

    [Test]
    public void Refusal_shows_every_field_and_each_reason()
    {
        var form = Refusal();
        var pdf = _renderer.Render(form);
        Keep("form03", pdf);
        var text = AllText(pdf);

        string[] expected =
        [
            "Số: 03/TCHS",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "tiếp nhận hồ sơ của: Ông/Bà Nguyễn Thị Hằng",
            "Nội dung yêu cầu giải quyết: Đăng ký kết hôn",
            "Qua xem xét, Trung tâm Phục vụ hành chính công xã Nguyên Giáp thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
            "- " + form.Reasons[0],
            "- " + form.Reasons[1],
            "Xin thông báo cho Ông/Bà được biết và thực hiện.",
            "Lê Văn Dũng",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Trần Quốc Việt",
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var value in expected)
            {
                Assert.That(text, Does.Contain(value));
            }

            Assert.That(text, Does.Not.Contain("Mã hồ sơ"), "no dossier code was given");
        }
    }

    [Test]
    public void Text_is_drawn_with_the_embedded_serif_font()
    {
        var pdf = _renderer.Render(Receipt());

        using var document = PigDocument.Open(pdf);
        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.That(fonts, Is.Not.Empty);
        Assert.That(fonts, Has.All.Contain("Liberation Serif"));
    }

    [Test]
    public void Forms_render_concurrently()
    {
        var results = new byte[8][];

        Parallel.For(0, results.Length, i => results[i] = i % 2 == 0 ? new FormRenderer().Render(Receipt()) : new FormRenderer().Render(Refusal()));

        Assert.That(results.Select(r => AllText(r).Contains("Nguyễn Thị Hằng", StringComparison.Ordinal)), Has.All.True);
    }

    private static string Band(byte[] pdf, int page, (double From, double To) band) => BandText(pdf, page, band.From, band.To);

    private static void AssertTableHeader(byte[] pdf, int page, string numberHeader)
    {
        Assert.That(Band(pdf, page, NumberColumn), Does.Contain(numberHeader), $"page {page}");
        Assert.That(Band(pdf, page, NameColumn), Does.Contain("Thành phần hồ sơ"), $"page {page}");
        Assert.That(Band(pdf, page, OriginalColumn), Does.Contain("Bản chính"), $"page {page}");
        Assert.That(Band(pdf, page, CertifiedColumn), Does.Contain("Bản chứng thực"), $"page {page}");
        Assert.That(Band(pdf, page, PhotoColumn), Does.Contain("Bản photo"), $"page {page}");
    }

    /// <summary>
    /// Every word lies within the page's text area (20 mm left, 15 mm right/top/bottom), except the page number
    /// that pages from the second one carry in the top margin.
    /// </summary>
    private static void AssertInsideMargins(byte[] pdf)
    {
        var outside = Words(pdf)
            .Where(w => !(w.Page > 1 && w.Word.Text == w.Page.ToString(CultureInfo.InvariantCulture) && w.Word.BoundingBox.Bottom > (282 * Mm)))
            .Where(w => w.Word.BoundingBox.Left < (20 * Mm) - Tolerance
                || w.Word.BoundingBox.Right > ((210 - 15) * Mm) + Tolerance
                || w.Word.BoundingBox.Bottom < (15 * Mm) - Tolerance
                || w.Word.BoundingBox.Top > ((297 - 15) * Mm) + Tolerance)
            .Select(w => $"p{w.Page} '{w.Word.Text}' {w.Word.BoundingBox}")
            .ToList();
        Assert.That(outside, Is.Empty);
    }

    /// <summary>No two words on a page share ink (boxes shrunk a little so touching neighbours do not count).</summary>
    private static void AssertNoOverlappingWords(byte[] pdf)
    {
        var overlaps = new List<string>();
        foreach (var page in Words(pdf).GroupBy(w => w.Page))
        {
            var words = page.Select(w => w.Word).ToList();
            for (var i = 0; i < words.Count; i++)
            {
                for (var j = i + 1; j < words.Count; j++)
                {
                    if (Overlap(words[i], words[j]))
                    {
                        overlaps.Add($"p{page.Key} '{words[i].Text}' / '{words[j].Text}'");
                    }
                }
            }
        }

        Assert.That(overlaps, Is.Empty);
    }

    private static bool Overlap(Word a, Word b)
    {
        const double shrink = 1;
        return a.BoundingBox.Left + shrink < b.BoundingBox.Right - shrink
            && b.BoundingBox.Left + shrink < a.BoundingBox.Right - shrink
            && a.BoundingBox.Bottom + shrink < b.BoundingBox.Top - shrink
            && b.BoundingBox.Bottom + shrink < a.BoundingBox.Top - shrink;
    }
}
