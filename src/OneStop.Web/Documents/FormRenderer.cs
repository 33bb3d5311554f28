using System.Globalization;
using PdfSharp.Drawing;
using QRCoder;

namespace OneStop.Web.Documents;

/// <summary>
/// Renders the statutory one-stop forms to A4 PDF: TT 01/2018/TT-VPCP mẫu 01, 02, 03 and TT 03/2025/TT-VPCP mẫu 04, 05, 06. Stateless and thread-safe.
/// Typography follows NĐ 30/2020: a Times-metric serif, 13 pt body, 12 pt tables and header blocks.
/// </summary>
public sealed class FormRenderer
{
    private const double BodySize = 13;
    private const double TableSize = 12;
    private const double HeaderSize = 12.5;
    private const double TitleSize = 14;
    private const double NoteSize = 11;
    private const double QrSize = 30 * FormLayout.Mm;
    private const double PanelGap = 2 * FormLayout.Mm;
    private const double SignatureGap = 4 * FormLayout.Mm;

    private const string ReceiptTitle = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
    private const string SupplementTitle = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";
    private const string RefusalTitle = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";
    private const string ApologyTitle = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT";
    private const string ApologyNote =
        "(Mẫu số 04 Thông tư số 03/2025/TT-VPCP; trước đây: Phiếu xin lỗi và hẹn lại ngày trả kết quả, Mẫu số 04 Thông tư số 01/2018/TT-VPCP)";
    private const string StopTitle = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";
    private const string StopNote = "(Mẫu số 05 Thông tư số 03/2025/TT-VPCP)";
    private const string ControlTitle = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";
    private const string ControlNote = "(Mẫu số 06 Thông tư số 03/2025/TT-VPCP; Mẫu số 05 Thông tư số 01/2018/TT-VPCP)";

    /// <summary>Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</summary>
    public byte[] Render(ReceiptForm form)
    {
        using var layout = new FormLayout(ReceiptTitle);
        var s = new Styles(layout);
        Heading(layout, s, form.Header, ReceiptTitle, form.DossierCode);

        layout.Paragraph([new(form.Header.DeskNameInSentence, s.Body), new(" tiếp nhận hồ sơ của:", s.Body)]);
        PersonLines(layout, s, "Người nộp hồ sơ", form.Submitter, "Địa chỉ");
        layout.Paragraph([new("Hình thức nộp: ", s.Body), new(form.Channel, s.Body)], indent: s.Indent);
        if (form.Owner is { } owner)
        {
            PersonLines(layout, s, "Chủ hồ sơ", owner, "Địa chỉ chủ hồ sơ");
        }

        Labelled(layout, s, "Nội dung yêu cầu giải quyết: ", form.ProcedureName, bold: true);

        layout.Paragraph("1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ:", s.Body);
        DocumentTable(layout, s, "TT", form.Documents);
        Labelled(layout, s, "2. Số lượng hồ sơ: ", form.SetCount.ToString("00", CultureInfo.InvariantCulture) + " bộ");
        Labelled(layout, s, "3. Thời gian giải quyết hồ sơ theo quy định là: ", form.LegalTimeLimit);
        Labelled(layout, s, "4. Thời gian nhận hồ sơ: ", VietnameseText.Instant(form.ReceivedAt));
        Labelled(layout, s, "5. Thời gian trả kết quả giải quyết hồ sơ: ", VietnameseText.Instant(form.AppointmentAt), bold: true);
        Labelled(layout, s, "6. Đăng ký nhận kết quả tại: ", form.ResultDelivery);
        Labelled(layout, s, "7. Phí, lệ phí: ", form.Fee is { } fee ? VietnameseText.Money(fee) : "Không");
        if (form.Register is { } register)
        {
            layout.Paragraph(
                [new("Vào Sổ theo dõi hồ sơ, Quyển số: ", s.Body), new(register.Book, s.Body),
                 new(", Số thứ tự: ", s.Body), new(register.Sequence, s.Body)]);
        }

        // The lookup panel and the signatures stay together, so the signatures never sit alone on a last page.
        var signatures = SignatureColumns(layout, s,
            ("NGƯỜI NỘP HỒ SƠ", form.Submitter.FullName),
            ("NGƯỜI TIẾP NHẬN HỒ SƠ", form.ReceivingOfficerName));
        var panel = LookupLines(s, form.LookupPin, form.LookupUrl);
        layout.EnsureSpace(LookupPanelHeight(layout, panel) + SignatureGap + layout.ColumnsHeight(signatures));
        LookupPanel(layout, panel, form.LookupUrl);
        Signatures(layout, signatures);
        return layout.ToPdf();
    }

    /// <summary>Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.</summary>
    public byte[] Render(SupplementRequestForm form)
    {
        using var layout = new FormLayout(SupplementTitle);
        var s = new Styles(layout);
        Heading(layout, s, form.Header, SupplementTitle, form.DossierCode);

        ReceivedFrom(layout, s, form.Header, form.Applicant);
        Labelled(layout, s, "Nội dung yêu cầu giải quyết: ", form.ProcedureName, bold: true);
        layout.Paragraph("Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:", s.Body);
        DocumentTable(layout, s, "STT", form.RequiredDocuments);
        Labelled(layout, s, "Lý do: ", form.Reason);
        layout.Paragraph(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà có thể tra cứu thông tin về thủ tục hành chính tại Website "
            + form.Contact.Website + " hoặc liên hệ với công chức " + form.Contact.OfficerName + ", số điện thoại "
            + form.Contact.OfficerPhone + " để được hướng dẫn.",
            s.Body);

        Signatures(layout, SignatureColumns(layout, s, null, ("NGƯỜI HƯỚNG DẪN", form.GuidingOfficerName)));
        return layout.ToPdf();
    }

    /// <summary>Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ.</summary>
    public byte[] Render(RefusalForm form)
    {
        using var layout = new FormLayout(RefusalTitle);
        var s = new Styles(layout);
        Heading(layout, s, form.Header, RefusalTitle, form.DossierCode);

        ReceivedFrom(layout, s, form.Header, form.Applicant);
        Labelled(layout, s, "Nội dung yêu cầu giải quyết: ", form.ProcedureName, bold: true);
        layout.Paragraph(
            "Qua xem xét, " + form.Header.DeskNameInSentence
            + " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
            s.Body);
        foreach (var reason in form.Reasons)
        {
            layout.Paragraph("- " + reason, s.Body, indent: s.Indent);
        }

        layout.Paragraph("Xin thông báo cho Ông/Bà được biết và thực hiện./.", s.Body);
        if (form.Contact is { } contact)
        {
            layout.Paragraph(
                "Mọi vướng mắc, Ông/Bà có thể tra cứu thông tin tại Website " + contact.Website
                + " hoặc liên hệ với công chức " + contact.OfficerName + ", số điện thoại " + contact.OfficerPhone + ".",
                s.Body);
        }

        Signatures(layout, SignatureColumns(layout, s,
            ("NGƯỜI NỘP HỒ SƠ", form.Applicant.FullName),
            ("NGƯỜI TIẾP NHẬN HỒ SƠ", form.RefusingOfficerName)));
        return layout.ToPdf();
    }

    /// <summary>Letters to the citizen (forms 04, 05) open alike: heading, addressee, when the dossier was received, its code.</summary>
    private static void LetterOpening(FormLayout layout, Styles s, FormHeader header, string title, string note, FormPerson owner,
        DateTimeOffset receivedAt, string procedureName, string dossierCode)
    {
        Heading(layout, s, header, title, null, note);
        Addressee(layout, s, owner);
        layout.Paragraph(
            Capitalised(VietnameseText.Date(receivedAt)) + ", " + header.DeskNameInSentence
            + " tiếp nhận giải quyết hồ sơ đề nghị " + procedureName + " của Ông/Bà.",
            s.Body);
        Labelled(layout, s, "Mã hồ sơ: ", dossierCode, bold: true);
    }

    /// <summary>Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025/TT-VPCP).</summary>
    public byte[] Render(ApologyForm form)
    {
        using var layout = new FormLayout(ApologyTitle);
        var s = new Styles(layout);
        LetterOpening(layout, s, form.Header, ApologyTitle, ApologyNote, form.Owner, form.ReceivedAt, form.ProcedureName, form.DossierCode);
        Labelled(layout, s, "Thời gian hẹn trả kết quả giải quyết hồ sơ: ", VietnameseText.Instant(form.OriginalAppointment));
        layout.Paragraph(
            "Tuy nhiên đến nay, " + form.IssuerInSentence + " chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời hạn quy định "
            + "ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
            s.Body);
        Labelled(layout, s, "Lý do: ", form.Reason);
        layout.Paragraph(
            "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. " + form.IssuerInSentence
            + " trân trọng xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả giải quyết hồ sơ vào thời gian dưới đây.",
            s.Body);
        Labelled(layout, s, "Thời gian hẹn trả kết quả lại: ", VietnameseText.Instant(form.NewAppointment), bold: true);
        layout.Paragraph("Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.", s.Body);

        LetterClose(layout, s, form.Recipients, form.Signer);
        return layout.ToPdf();
    }

    /// <summary>Mẫu 05 (TT 03/2025/TT-VPCP) — Thông báo dừng giải quyết hồ sơ.</summary>
    public byte[] Render(StopNoticeForm form)
    {
        using var layout = new FormLayout(StopTitle);
        var s = new Styles(layout);
        LetterOpening(layout, s, form.Header, StopTitle, StopNote, form.Owner, form.ReceivedAt, form.ProcedureName, form.DossierCode);
        Labelled(layout, s, "Thời gian Ông/Bà yêu cầu dừng giải quyết hồ sơ: ", VietnameseText.Instant(form.RequestedAt));
        Labelled(layout, s, "Hồ sơ đang được giải quyết ở bước: ", form.StageReached);
        Labelled(layout, s, "Lý do: ", form.Reason);
        layout.Paragraph(
            [new("Theo đề nghị của Ông/Bà, " + form.IssuerInSentence + " thông báo dừng giải quyết hồ sơ nêu trên kể từ ", s.Body),
             new(VietnameseText.Instant(form.StoppedAt), s.Bold), new(".", s.Body)]);
        layout.Paragraph(
            "Hồ sơ chưa có kết quả giải quyết. Ông/Bà được nhận lại hồ sơ đã nộp tại " + form.Header.DeskNameInSentence
            + "; phí, lệ phí đã nộp (nếu có) được xử lý theo quy định.",
            s.Body);
        layout.Paragraph("Xin thông báo cho Ông/Bà được biết./.", s.Body);

        LetterClose(layout, s, form.Recipients, form.Signer);
        return layout.ToPdf();
    }

    /// <summary>
    /// Mẫu 06 (TT 03/2025/TT-VPCP) — Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over, the result of each
    /// holding judged to the minute against its own due time.
    /// </summary>
    public byte[] Render(ControlSheetForm form)
    {
        using var layout = new FormLayout(ControlTitle);
        var s = new Styles(layout);
        var numberLine = form.Register is { } register
            ? "Quyển số: " + register.Book + ", Số thứ tự: " + register.Sequence
            : "Quyển số: …, Số thứ tự: …";
        Heading(layout, s, form.Header, ControlTitle, null, ControlNote, numberLine);

        layout.Paragraph([new("Kèm theo hồ sơ của: Ông/Bà ", s.Body), new(form.Owner.FullName, s.Bold)]);
        Labelled(layout, s, "Nội dung yêu cầu giải quyết: ", form.ProcedureName);
        Labelled(layout, s, "Mã hồ sơ: ", form.DossierCode, bold: true);
        Labelled(layout, s, "Ngày, giờ nhận hồ sơ: ", VietnameseText.Instant(form.ReceivedAt));
        Labelled(layout, s, "Ngày, giờ hẹn trả kết quả: ", VietnameseText.Instant(form.AppointmentAt), bold: true);
        Labelled(layout, s, "Cơ quan (bộ phận) giải quyết hồ sơ: ", string.Join("; ", form.ProcessingBodies));
        Labelled(layout, s, "Cơ quan phối hợp giải quyết hồ sơ: ",
            form.PartnerBodies.Count == 0 ? "Không" : string.Join("; ", form.PartnerBodies));
        layout.Space(FormLayout.Mm);

        layout.Table(
            [
                new TableColumn(50, TextAlign.Left),
                new TableColumn(56, TextAlign.Left),
                new TableColumn(32, TextAlign.Center),
                new TableColumn(37, TextAlign.Left),
            ],
            ["TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ Đúng hạn/ Quá hạn)", "GHI CHÚ"],
            form.HandOvers
                .Select(h => (IReadOnlyList<string>)
                [
                    "1. Giao: " + h.FromBody + "\n2. Nhận: " + h.ToBody,
                    VietnameseText.Instant(h.At) + "\nNgười giao: " + Dots(h.FromPerson) + "\nNgười nhận: " + Dots(h.ToPerson),
                    HandOverResult(h.DueAt, h.CompletedAt),
                    h.Note ?? string.Empty,
                ])
                .ToList(),
            s.TableBold,
            s.Table);
        return layout.ToPdf();
    }

    /// <summary>
    /// KẾT QUẢ of one holding, to the minute: "Trước hạn" if finished before its due minute, "Đúng hạn" in that minute,
    /// "Quá hạn" after it; empty while the holding is open.
    /// </summary>
    public static string HandOverResult(DateTimeOffset dueAt, DateTimeOffset? completedAt)
    {
        if (completedAt is not { } done)
        {
            return string.Empty;
        }

        static long Minute(DateTimeOffset t) => t.UtcTicks / TimeSpan.TicksPerMinute;
        var (d, c) = (Minute(dueAt), Minute(done));
        return c < d ? "Trước hạn" : c == d ? "Đúng hạn" : "Quá hạn";
    }

    private static string Dots(string? value) => string.IsNullOrWhiteSpace(value) ? "……………" : value;

    /// <summary>"ngày 05 tháng 01 năm 2026" at the start of a sentence.</summary>
    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"Kính gửi: Ông/Bà …", then the address and phone (forms 04, 05).</summary>
    private static void Addressee(FormLayout layout, Styles s, FormPerson person)
    {
        layout.Paragraph([new("Kính gửi: ", s.Body), new("Ông/Bà " + person.FullName, s.Bold)], TextAlign.Center, spaceAfter: 2);
        Labelled(layout, s, "Địa chỉ: ", Blank(person.Address), indent: s.Indent);
        Labelled(layout, s, "Số điện thoại: ", Blank(person.Phone), indent: s.Indent);
        layout.Space(FormLayout.Mm);
    }

    /// <summary>
    /// The end of a signed letter (NĐ 30/2020): "Nơi nhận:" and its list at the left, the signer's capacity, "(Ký, ghi rõ họ
    /// tên và đóng dấu)" and name at the right; kept together on one page.
    /// </summary>
    private static void LetterClose(FormLayout layout, Styles s, IReadOnlyList<string> recipients, FormSigner signer)
    {
        var half = layout.Width / 2;
        var gutter = 3 * FormLayout.Mm;
        List<BlockLine> right = [.. signer.Capacity.Select(c => new BlockLine(c, s.Bold))];
        right.Add(new BlockLine("(Ký, ghi rõ họ tên và đóng dấu)", s.Italic));
        right.Add(new BlockLine(signer.FullName, s.Bold, SpaceBefore: 22 * FormLayout.Mm));
        (double, double, IReadOnlyList<BlockLine>) column = (half + gutter, half - gutter, right);

        var leftWidth = half - gutter;
        IReadOnlyList<Run>[] left =
        [
            [new("Nơi nhận:", s.RecipientsLabel)],
            .. recipients.Select(r => (IReadOnlyList<Run>)[new Run("- " + r, s.Recipients)]),
        ];
        var leftHeight = left.Sum(l => layout.MeasureHeight(l, leftWidth));

        layout.Space(SignatureGap);
        layout.EnsureSpace(Math.Max(leftHeight, layout.ColumnsHeight(column)));
        var top = layout.Y;
        var y = top;
        foreach (var line in left)
        {
            y += layout.TextAt(line, layout.Left, y, leftWidth);
        }

        layout.Columns(column);
        layout.Y = Math.Max(layout.Y, top + leftHeight);
    }

    /// <summary>National header (two blocks), then the title and the dossier code. On a landscape page the motto block keeps its portrait width at the right.</summary>
    internal static void Heading(FormLayout layout, Styles s, FormHeader header, string title, string? dossierCode,
        string? note = null, string? numberLine = null)
    {
        var leftWidth = 72 * FormLayout.Mm;
        var rightWidth = Math.Min(layout.Width - leftWidth, 110 * FormLayout.Mm);
        layout.Columns(
            (0, leftWidth,
            [
                new BlockLine(header.GoverningBody, s.Header),
                new BlockLine(header.DeskName, s.HeaderBold, Rule: BlockRule.Short),
                new BlockLine(numberLine ?? "Số: " + header.DocumentNumber, s.Header, SpaceBefore: 2),
            ]),
            (layout.Width - rightWidth, rightWidth,
            [
                new BlockLine("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.HeaderBold),
                new BlockLine("Độc lập - Tự do - Hạnh phúc", s.Motto, Rule: BlockRule.TextWidth),
                new BlockLine(header.PlaceName + ", " + VietnameseText.Date(header.IssuedAt), s.DateLine, SpaceBefore: 2),
            ]));

        layout.Space(6 * FormLayout.Mm);
        layout.Paragraph(title, s.Title, TextAlign.Center, spaceAfter: 2);
        if (note is not null)
        {
            layout.Paragraph(note, s.Note, TextAlign.Center, spaceAfter: 2);
        }

        if (!string.IsNullOrWhiteSpace(dossierCode))
        {
            layout.Paragraph([new("Mã hồ sơ: ", s.Body), new(dossierCode, s.Bold)], TextAlign.Center);
        }

        layout.Space(3 * FormLayout.Mm);
    }

    /// <summary>"[Bộ phận] tiếp nhận hồ sơ của:", then "Ông/Bà …" and the details on their own lines (forms 02, 03).</summary>
    private static void ReceivedFrom(FormLayout layout, Styles s, FormHeader header, FormPerson person)
    {
        layout.Paragraph(header.DeskNameInSentence + " tiếp nhận hồ sơ của:", s.Body);
        layout.Paragraph([new("Ông/Bà ", s.Body), new(person.FullName, s.Bold)], indent: s.Indent);
        Details(layout, s, person, "Địa chỉ", s.Indent);
    }

    /// <summary>"Người nộp hồ sơ: Ông/Bà …" and the person's details, indented (form 01).</summary>
    private static void PersonLines(FormLayout layout, Styles s, string role, FormPerson person, string addressLabel)
    {
        layout.Paragraph([new("- " + role + ": Ông/Bà ", s.Body), new(person.FullName, s.Bold)], indent: s.Indent);
        Details(layout, s, person, addressLabel, s.Indent);
    }

    private static void Details(FormLayout layout, Styles s, FormPerson person, string addressLabel, double indent)
    {
        if (!string.IsNullOrWhiteSpace(person.IdentityNumber))
        {
            Labelled(layout, s, "Số CCCD/Định danh cá nhân: ", person.IdentityNumber, indent: indent);
        }

        Labelled(layout, s, addressLabel + ": ", Blank(person.Address), indent: indent);
        layout.Paragraph(
            [new("Số điện thoại: ", s.Body), new(Blank(person.Phone), s.Body),
             new("; Email: ", s.Body), new(Blank(person.Email), s.Body)],
            indent: indent);
    }

    private static string Blank(string? value) => string.IsNullOrWhiteSpace(value) ? "…" : value;

    private static void Labelled(FormLayout layout, Styles s, string label, string value, bool bold = false, double indent = 0) =>
        layout.Paragraph([new(label, s.Body), new(value, bold ? s.Bold : s.Body)], indent: indent);

    /// <summary>TT | Thành phần hồ sơ | Bản chính | Bản chứng thực | Bản photo (counts of zero are left blank).</summary>
    private static void DocumentTable(FormLayout layout, Styles s, string numberHeader, IReadOnlyList<FormDocumentLine> documents)
    {
        static string Count(int n) => n > 0 ? n.ToString(CultureInfo.InvariantCulture) : string.Empty;

        layout.Table(
            [
                new TableColumn(12, TextAlign.Center),
                new TableColumn(93, TextAlign.Left),
                new TableColumn(23, TextAlign.Center),
                new TableColumn(24, TextAlign.Center),
                new TableColumn(23, TextAlign.Center),
            ],
            [numberHeader, "Thành phần hồ sơ", "Bản chính", "Bản chứng thực", "Bản photo"],
            documents
                .Select((d, i) => (IReadOnlyList<string>)
                    [(i + 1).ToString(CultureInfo.InvariantCulture), d.Name, Count(d.Originals), Count(d.CertifiedCopies), Count(d.Photocopies)])
                .ToList(),
            s.TableBold,
            s.Table);
    }

    /// <summary>Caption, PIN and URL printed beside the QR code.</summary>
    private static IReadOnlyList<Run>[] LookupLines(Styles s, string pin, Uri url) =>
    [
        [new("Quét mã QR để tra cứu tình trạng hồ sơ", s.Italic)],
        [new("Mã tra cứu: ", s.Body), new(pin, s.Bold)],
        [new("Địa chỉ tra cứu: ", s.Body), new(url.AbsoluteUri, s.Body)],
    ];

    private static double LookupTextX(FormLayout layout) => layout.Left + QrSize + (4 * FormLayout.Mm);

    private static double LookupPanelHeight(FormLayout layout, IReadOnlyList<Run>[] lines) =>
        PanelGap + Math.Max(QrSize, lines.Sum(l => layout.MeasureHeight(l, layout.Right - LookupTextX(layout)))) + PanelGap;

    /// <summary>QR code of the lookup URL with its caption, the PIN and the URL in words, vertically centred.</summary>
    private static void LookupPanel(FormLayout layout, IReadOnlyList<Run>[] lines, Uri url)
    {
        var textX = LookupTextX(layout);
        var textWidth = layout.Right - textX;
        var textHeight = lines.Sum(l => layout.MeasureHeight(l, textWidth));
        var height = Math.Max(QrSize, textHeight);
        layout.Space(PanelGap);
        layout.EnsureSpace(height);

        var top = layout.Y;
        layout.Image(QrPng(url), layout.Left, top, QrSize, QrSize);
        var y = top + ((height - textHeight) / 2);
        foreach (var line in lines)
        {
            y += layout.TextAt(line, textX, y, textWidth);
        }

        layout.Y = top + height;
        layout.Space(PanelGap);
    }

    private static byte[] QrPng(Uri url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        // Explicit RGB colours: QRCoder's default palette PNG is rejected by PDFsharp (recipes/README.md).
        return new PngByteQRCode(data).GetGraphic(10, [0, 0, 0], [255, 255, 255]);
    }

    /// <summary>Two signature blocks side by side (a null left block leaves that half empty).</summary>
    internal static (double, double, IReadOnlyList<BlockLine>)[] SignatureColumns(
        FormLayout layout, Styles s, (string Role, string Name)? left, (string Role, string Name) right)
    {
        var half = layout.Width / 2;
        IReadOnlyList<BlockLine> Block((string Role, string Name) who) =>
        [
            new BlockLine(who.Role, s.Bold),
            new BlockLine("(Ký và ghi rõ họ tên)", s.Italic),
            new BlockLine(who.Name, s.Bold, SpaceBefore: 22 * FormLayout.Mm),
        ];

        // A 3 mm gutter each side of the middle, so two long names can never touch.
        var gutter = 3 * FormLayout.Mm;
        return left is { } l
            ? [(0, half - gutter, Block(l)), (half + gutter, half - gutter, Block(right))]
            : [(half + gutter, half - gutter, Block(right))];
    }

    internal static void Signatures(FormLayout layout, (double, double, IReadOnlyList<BlockLine>)[] columns)
    {
        layout.Space(SignatureGap);
        layout.Columns(columns);
    }

    /// <summary>The fonts of one document (XFont instances are per layout).</summary>
    internal sealed class Styles(FormLayout layout)
    {
        public XFont Body { get; } = layout.Font(BodySize);
        public XFont Bold { get; } = layout.Font(BodySize, bold: true);
        public XFont Italic { get; } = layout.Font(BodySize, italic: true);
        public XFont Table { get; } = layout.Font(TableSize);
        public XFont TableBold { get; } = layout.Font(TableSize, bold: true);
        public XFont Header { get; } = layout.Font(HeaderSize);
        public XFont HeaderBold { get; } = layout.Font(HeaderSize, bold: true);
        public XFont Motto { get; } = layout.Font(BodySize, bold: true);
        public XFont DateLine { get; } = layout.Font(BodySize, italic: true);
        public XFont Title { get; } = layout.Font(TitleSize, bold: true);
        public XFont Note { get; } = layout.Font(NoteSize, italic: true);
        public XFont Recipients { get; } = layout.Font(NoteSize);
        public XFont RecipientsLabel { get; } = layout.Font(TableSize, bold: true, italic: true);
        public double Indent { get; } = 5 * FormLayout.Mm;
    }
}
