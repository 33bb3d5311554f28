namespace OneStop.Web.Documents;

// Pure inputs for the statutory reception forms (TT 01/2018/TT-VPCP mẫu 01–03; DOMAIN.md §1.2.2).
// No EF, no HTTP: callers map their entities into these. Text may arrive in any Unicode normal form;
// the renderer normalises to NFC and draws it literally (nothing is escaped).

/// <summary>The header every form shares.</summary>
/// <param name="GoverningBody">Cơ quan chủ quản, upper case: "UBND XÃ NGUYÊN GIÁP".</param>
/// <param name="DeskName">Receiving desk, upper case: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG".</param>
/// <param name="DeskNameInSentence">The desk as written inside sentences: "Trung tâm Phục vụ hành chính công xã Nguyên Giáp".</param>
/// <param name="PlaceName">Địa danh for the date line: "Nguyên Giáp".</param>
/// <param name="DocumentNumber">Printed after "Số: ", e.g. "125/TNHS" (form 01), "12/HDHS" (form 02).</param>
/// <param name="IssuedAt">The instant the form is issued; the date line shows its Vietnam-time date.</param>
public sealed record FormHeader(
    string GoverningBody,
    string DeskName,
    string DeskNameInSentence,
    string PlaceName,
    string DocumentNumber,
    DateTimeOffset IssuedAt);

/// <summary>A person (or organisation) named on a form; optional fields are omitted when null or blank.</summary>
/// <param name="FullName">Họ và tên.</param>
/// <param name="IdentityNumber">Số CCCD / định danh cá nhân / hộ chiếu.</param>
public sealed record FormPerson(
    string FullName,
    string? IdentityNumber = null,
    string? Address = null,
    string? Phone = null,
    string? Email = null);

/// <summary>One row of a "Thành phần hồ sơ" table: document name and the number of each kind of copy.</summary>
public sealed record FormDocumentLine(string Name, int Originals, int CertifiedCopies, int Photocopies);

/// <summary>"Vào Sổ theo dõi hồ sơ, Quyển số: …, Số thứ tự: …".</summary>
public sealed record RegisterReference(string Book, string Sequence);

/// <summary>Who to call while completing a dossier (forms 02 and 03).</summary>
/// <param name="Website">Where the procedure can be looked up, e.g. "https://dichvucong.gov.vn".</param>
public sealed record ContactPoint(string Website, string OfficerName, string OfficerPhone);

/// <summary>Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</summary>
/// <param name="Owner">Chủ hồ sơ, only when different from the submitter (người nộp).</param>
/// <param name="Channel">How the dossier arrived: "Trực tiếp", "Trực tuyến", "Bưu chính công ích".</param>
/// <param name="ProcedureName">Nội dung yêu cầu giải quyết (tên thủ tục hành chính).</param>
/// <param name="SetCount">Số lượng hồ sơ (bộ).</param>
/// <param name="LegalTimeLimit">As the procedure states it: "05 ngày làm việc", "Trong ngày làm việc".</param>
/// <param name="ResultDelivery">Đăng ký nhận kết quả tại: the desk, or home delivery by bưu chính công ích.</param>
/// <param name="Fee">Phí, lệ phí in đồng; null when the procedure has none.</param>
/// <param name="LookupPin">Mã tra cứu printed next to the QR code.</param>
/// <param name="LookupUrl">Encoded in the QR code.</param>
/// <param name="ReceivingOfficerName">Người tiếp nhận hồ sơ, printed under the signature space.</param>
public sealed record ReceiptForm(
    FormHeader Header,
    string DossierCode,
    RegisterReference? Register,
    FormPerson Submitter,
    FormPerson? Owner,
    string Channel,
    string ProcedureName,
    IReadOnlyList<FormDocumentLine> Documents,
    int SetCount,
    string LegalTimeLimit,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AppointmentAt,
    string ResultDelivery,
    decimal? Fee,
    string LookupPin,
    Uri LookupUrl,
    string ReceivingOfficerName);

/// <summary>Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.</summary>
/// <param name="DossierCode">Mã hồ sơ when the dossier already has one.</param>
/// <param name="RequiredDocuments">"Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:" rows.</param>
/// <param name="Reason">Lý do.</param>
/// <param name="GuidingOfficerName">Người hướng dẫn, printed under the signature space.</param>
public sealed record SupplementRequestForm(
    FormHeader Header,
    string? DossierCode,
    FormPerson Applicant,
    string ProcedureName,
    IReadOnlyList<FormDocumentLine> RequiredDocuments,
    string Reason,
    ContactPoint Contact,
    string GuidingOfficerName);

/// <summary>Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ.</summary>
/// <param name="Reasons">Each reason is printed as its own dash item.</param>
/// <param name="Contact">Optional contact line.</param>
/// <param name="RefusingOfficerName">The officer who refuses (signs as người tiếp nhận hồ sơ).</param>
public sealed record RefusalForm(
    FormHeader Header,
    string? DossierCode,
    FormPerson Applicant,
    string ProcedureName,
    IReadOnlyList<string> Reasons,
    ContactPoint? Contact,
    string RefusingOfficerName);
