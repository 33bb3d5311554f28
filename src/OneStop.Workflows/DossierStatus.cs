namespace OneStop.Workflows;

/// <summary>National dossier status codes used for DVCQG synchronisation (DOMAIN §2.5); the engine and the app share them.</summary>
public enum DossierStatus
{
    Submitted = 1,              // Mới đăng ký
    Accepted = 2,               // Được tiếp nhận
    NotAccepted = 3,            // Không được tiếp nhận
    InProgress = 4,             // Đang xử lý
    SupplementRequested = 5,    // Yêu cầu bổ sung giấy tờ
    FinancialObligation = 6,    // Yêu cầu thực hiện nghĩa vụ tài chính
    Withdrawn = 7,              // Công dân yêu cầu rút hồ sơ
    Stopped = 8,                // Dừng xử lý
    Finished = 9,               // Đã xử lý xong
    Returned = 10,              // Đã trả kết quả
}
