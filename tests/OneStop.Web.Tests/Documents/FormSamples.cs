using OneStop.Web.Documents;
using UglyToad.PdfPig.Content;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace OneStop.Web.Tests.Documents;

/// <summary>Inputs shared by the form tests, and reading the PDFs back.</summary>
internal static class FormSamples
{
    // 02:30 UTC is 09:30 in Vietnam (UTC+7).
    public static readonly DateTimeOffset Received = new(2026, 11, 27, 2, 30, 0, TimeSpan.Zero);

    // 03:00 UTC on 2 December is 10:00 in Vietnam.
    public static readonly DateTimeOffset Appointment = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    public static FormHeader Header(string number) => new(
        GoverningBody: "UBND XÃ NGUYÊN GIÁP",
        DeskName: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        DeskNameInSentence: "Trung tâm Phục vụ hành chính công xã Nguyên Giáp",
        PlaceName: "Nguyên Giáp",
        DocumentNumber: number,
        IssuedAt: Received);

    public static readonly FormPerson Submitter = new(
        FullName: "Nguyễn Thị Hằng",
        IdentityNumber: "038190001234",
        Address: "Thôn Đông Hưng, xã Nguyên Giáp, tỉnh Thanh Hóa",
        Phone: "0912345678",
        Email: "hang.nguyen@example.vn");

    public static readonly ContactPoint Contact = new("https://dichvucong.gov.vn", "Lê Văn Dũng", "0237 3852 123");

    public static IReadOnlyList<FormDocumentLine> BirthDocuments { get; } =
    [
        new("Tờ khai đăng ký khai sinh theo mẫu", 1, 0, 0),
        new("Giấy chứng sinh do cơ sở y tế cấp", 1, 0, 0),
        new("Giấy chứng nhận kết hôn của cha, mẹ", 0, 1, 0),
        new("Căn cước công dân của người đi đăng ký", 0, 0, 2),
    ];

    public static ReceiptForm Receipt() => new(
        Header: Header("125/TNHS"),
        DossierCode: "H56.151.01-261127-0007",
        Register: new RegisterReference("03", "125"),
        Submitter: Submitter,
        Owner: null,
        Channel: "Trực tiếp",
        ProcedureName: "Đăng ký khai sinh",
        Documents: BirthDocuments,
        SetCount: 1,
        LegalTimeLimit: "03 ngày làm việc",
        ReceivedAt: Received,
        AppointmentAt: Appointment,
        ResultDelivery: "Trung tâm Phục vụ hành chính công xã Nguyên Giáp",
        Fee: 21000m,
        LookupPin: "4827",
        LookupUrl: new Uri("https://onestop.nguyengiap.gov.vn/tra-cuu?ma=H56.151.01-261127-0007"),
        ReceivingOfficerName: "Trần Quốc Việt");

    public static SupplementRequestForm Supplement() => new(
        Header: Header("12/HDHS"),
        DossierCode: "H56.151.01-261127-0008",
        Applicant: Submitter,
        ProcedureName: "Đăng ký khai sinh",
        RequiredDocuments:
        [
            new("Giấy chứng sinh do cơ sở y tế cấp", 1, 0, 0),
            new("Văn bản ủy quyền được chứng thực", 0, 1, 0),
        ],
        Reason: "Hồ sơ thiếu giấy chứng sinh; người đi đăng ký không phải cha, mẹ của trẻ nên cần văn bản ủy quyền.",
        Contact: Contact,
        GuidingOfficerName: "Trần Quốc Việt");

    public static RefusalForm Refusal() => new(
        Header: Header("03/TCHS"),
        DossierCode: null,
        Applicant: Submitter,
        ProcedureName: "Đăng ký kết hôn",
        Reasons:
        [
            "Bên nam chưa đủ 20 tuổi theo quy định của Luật Hôn nhân và gia đình.",
            "Thủ tục thuộc thẩm quyền của Ủy ban nhân dân cấp tỉnh.",
        ],
        Contact: Contact,
        RefusingOfficerName: "Trần Quốc Việt");

    /// <summary>Each page's words (PdfPig) joined with single spaces.</summary>
    public static IReadOnlyList<string> PageTexts(byte[] pdf)
    {
        using var document = PigDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
    }

    public static string AllText(byte[] pdf) => string.Join(" ", PageTexts(pdf));

    public static IReadOnlyList<(int Page, Word Word)> Words(byte[] pdf)
    {
        using var document = PigDocument.Open(pdf);
        return document.GetPages().SelectMany(p => p.GetWords().Select(w => (p.Number, w))).ToList();
    }

    /// <summary>
    /// Words lying wholly between two distances from the page's left edge (mm), joined in reading order. Reading
    /// order runs across the whole page line by line, so wrapped text in a table cell or a header block is only
    /// contiguous once the neighbouring columns are left out.
    /// </summary>
    public static string BandText(byte[] pdf, int pageNumber, double fromMm, double toMm)
    {
        const double mm = 72 / 25.4;
        using var document = PigDocument.Open(pdf);
        return string.Join(" ", document.GetPage(pageNumber).GetWords()
            .Where(w => w.BoundingBox.Left >= (fromMm * mm) - 0.5 && w.BoundingBox.Right <= (toMm * mm) + 0.5)
            .Select(w => w.Text));
    }

    /// <summary>Set ONESTOP_FORMS_OUT to a folder to keep the rendered PDFs for looking at them.</summary>
    public static void Keep(string name, byte[] pdf)
    {
        var folder = Environment.GetEnvironmentVariable("ONESTOP_FORMS_OUT");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name + ".pdf"), pdf);
        }
    }
}
