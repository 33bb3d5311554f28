using OneStop.Web.Features.Reception;

namespace OneStop.Web.Features.Lookup;

/// <summary>Vietnamese names of the national status codes (DOMAIN §2.5) and of the satisfaction levels.</summary>
public static class DossierStatusText
{
    public static string Name(DossierStatus status) => status switch
    {
        DossierStatus.Submitted => "Mới đăng ký",
        DossierStatus.Accepted => "Được tiếp nhận",
        DossierStatus.NotAccepted => "Không được tiếp nhận",
        DossierStatus.InProgress => "Đang xử lý",
        DossierStatus.SupplementRequested => "Yêu cầu bổ sung giấy tờ",
        DossierStatus.FinancialObligation => "Yêu cầu thực hiện nghĩa vụ tài chính",
        DossierStatus.Withdrawn => "Công dân yêu cầu rút hồ sơ",
        DossierStatus.Stopped => "Dừng xử lý",
        DossierStatus.Finished => "Đã xử lý xong",
        DossierStatus.Returned => "Đã trả kết quả",
        _ => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Name(Satisfaction rating) => rating switch
    {
        Satisfaction.VerySatisfied => "Rất hài lòng",
        Satisfaction.Satisfied => "Hài lòng",
        Satisfaction.Unsatisfied => "Không hài lòng",
        _ => rating.ToString(),
    };

    public static string Delivery(ResultDelivery delivery) => delivery switch
    {
        ResultDelivery.Desk => "Tại bộ phận một cửa",
        ResultDelivery.Post => "Gửi qua bưu chính",
        ResultDelivery.Electronic => "Bản điện tử",
        _ => delivery.ToString(),
    };

    /// <summary>Vietnam has no daylight saving: UTC+7 all year.</summary>
    public static string Local(DateTimeOffset? at) =>
        at is { } value ? value.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm 'ngày' dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
