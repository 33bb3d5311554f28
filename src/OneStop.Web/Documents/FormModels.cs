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

/// <summary>The leader who signs a letter (forms 04, 05): capacity lines such as "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", and the name.</summary>
/// <param name="Capacity">Printed in bold capitals above the signature, one item per line.</param>
public sealed record FormSigner(IReadOnlyList<string> Capacity, string FullName);

/// <summary>
/// Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025/TT-VPCP; under TT 01/2018/TT-VPCP
/// "Phiếu xin lỗi và hẹn lại ngày trả kết quả"). A signed letter of the agency, not a desk slip.
/// </summary>
/// <param name="Header">Số: …/PXL.</param>
/// <param name="IssuerInSentence">The agency apologising, as written inside sentences: "Ủy ban nhân dân xã Nguyên Giáp".</param>
/// <param name="OriginalAppointment">The appointment printed on the receipt (form 01).</param>
/// <param name="NewAppointment">Thời gian hẹn trả kết quả lại.</param>
/// <param name="Recipients">Nơi nhận, one line each ("Như trên;", "Lưu: VT, hồ sơ.").</param>
public sealed record ApologyForm(
    FormHeader Header,
    string IssuerInSentence,
    string DossierCode,
    FormPerson Owner,
    string ProcedureName,
    DateTimeOffset ReceivedAt,
    DateTimeOffset OriginalAppointment,
    string Reason,
    DateTimeOffset NewAppointment,
    IReadOnlyList<string> Recipients,
    FormSigner Signer);

/// <summary>Mẫu 05 (TT 03/2025/TT-VPCP) — Thông báo dừng giải quyết hồ sơ, at the citizen's request.</summary>
/// <param name="Header">Số: …/TBDG.</param>
/// <param name="RequestedAt">When the citizen asked to stop.</param>
/// <param name="StageReached">The step the dossier had reached: "Thẩm định hồ sơ (Văn phòng HĐND và UBND xã)".</param>
/// <param name="StoppedAt">From when processing stops.</param>
public sealed record StopNoticeForm(
    FormHeader Header,
    string IssuerInSentence,
    string DossierCode,
    FormPerson Owner,
    string ProcedureName,
    DateTimeOffset ReceivedAt,
    DateTimeOffset RequestedAt,
    string StageReached,
    DateTimeOffset StoppedAt,
    string Reason,
    IReadOnlyList<string> Recipients,
    FormSigner Signer);

/// <summary>
/// One hand-over of the dossier (a row of the control sheet): the giver hands it to the receiver at <see cref="At"/>,
/// and the receiver's holding was due at <see cref="DueAt"/> and finished at <see cref="CompletedAt"/> (null: still held).
/// </summary>
public sealed record HandOver(
    string FromBody,
    string? FromPerson,
    string ToBody,
    string? ToPerson,
    DateTimeOffset At,
    DateTimeOffset DueAt,
    DateTimeOffset? CompletedAt,
    string? Note);

/// <summary>Mẫu 06 (TT 03/2025/TT-VPCP; mẫu 05 of TT 01/2018) — Phiếu kiểm soát quá trình giải quyết hồ sơ.</summary>
/// <param name="Register">Quyển số / Số thứ tự of the register (sổ theo dõi hồ sơ).</param>
/// <param name="ProcessingBodies">Cơ quan (bộ phận) giải quyết hồ sơ.</param>
/// <param name="PartnerBodies">Cơ quan phối hợp giải quyết hồ sơ (liên thông); empty when none.</param>
/// <param name="HandOvers">One row per hand-over, in order.</param>
public sealed record ControlSheetForm(
    FormHeader Header,
    RegisterReference? Register,
    string DossierCode,
    FormPerson Owner,
    string ProcedureName,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AppointmentAt,
    IReadOnlyList<string> ProcessingBodies,
    IReadOnlyList<string> PartnerBodies,
    IReadOnlyList<HandOver> HandOvers);
