namespace OneStop.Workflows;

// Glossary of domain terms kept in English in code (STYLE.md "Names"):
//   Dossier      = hồ sơ                       Procedure   = thủ tục hành chính (TTHC)
//   Agency       = cơ quan (mã định danh)       Unit        = đơn vị / bộ phận
//   Appointment  = ngày hẹn trả kết quả          Supplement  = yêu cầu bổ sung, hoàn thiện hồ sơ
//   Transfer     = liên thông                   Receipt     = giấy tiếp nhận hồ sơ và hẹn trả kết quả
//   Working time = thời gian làm việc (giờ hành chính, trừ ngày nghỉ lễ, Tết)
internal static class Glossary;
