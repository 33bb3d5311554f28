using System.Globalization;
using OneStop.Web.Features.Reception;
using OneStop.Workflows.Calendar;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Processing;

/// <summary>Vietnamese wording of the processing pages: step outcomes, timeliness, letters, audit actions.</summary>
public static class ProcessingText
{
    public static string Outcome(StepOutcome? outcome) => outcome switch
    {
        null => "Đang xử lý",
        StepOutcome.Completed => "Hoàn thành",
        StepOutcome.SentBack => "Trả lại",
        StepOutcome.Reassigned => "Phân công lại",
        StepOutcome.Restarted => "Bổ sung, xử lý lại",
        StepOutcome.Refused => "Từ chối",
        StepOutcome.Withdrawn => "Dừng theo yêu cầu",
        _ => outcome.Value.ToString(),
    };

    /// <summary>
    /// Trước hạn: finished on a day before the due day; đúng hạn: on time on the due day; quá hạn: late
    /// (or still open after its due).
    /// </summary>
    public static string Timeliness(StepView step, DateTimeOffset now, bool paused = false)
    {
        if (step.CompletedAt is not { } completed)
        {
            return paused ? "Tạm dừng chờ bổ sung" : step.DueAt < now ? "Quá hạn (chưa xong)" : "Trong hạn (đang xử lý)";
        }
        if (step.OnTime == false || completed > step.DueAt)
        {
            return "Quá hạn";
        }
        return Day(completed) < Day(step.DueAt) ? "Trước hạn" : "Đúng hạn";
    }

    public static string TimelinessClass(string timeliness) => timeliness switch
    {
        "Quá hạn" or "Quá hạn (chưa xong)" => "text-bg-danger",
        "Trước hạn" => "text-bg-success",
        "Đúng hạn" => "text-bg-primary",
        _ => "text-bg-light border",
    };

    public static string LetterKindName(LetterKind kind) => kind switch
    {
        LetterKind.Apology => "Thư xin lỗi, hẹn lại ngày trả kết quả (Mẫu 04)",
        LetterKind.Stop => "Thông báo dừng giải quyết hồ sơ (Mẫu 05)",
        _ => kind.ToString(),
    };

    public static string LetterStateName(LetterState state) => state switch
    {
        LetterState.Draft => "Dự thảo, chờ lãnh đạo duyệt",
        LetterState.Approved => "Đã duyệt",
        LetterState.Rejected => "Không duyệt",
        _ => state.ToString(),
    };

    public static string AuditAction(string action) =>
        ActionNames.Parse(action) is { } parsed ? ActionNames.Label(parsed) : action switch
        {
            "Submitted" => "Nộp hồ sơ trực tuyến",
            "Registered" => "Tiếp nhận hồ sơ tại quầy",
            "Accepted" => "Tiếp nhận hồ sơ",
            "SupplementRequested" => "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
            "NotAccepted" => "Từ chối tiếp nhận hồ sơ (Mẫu 03)",
            "ResultReturned" => "Trả kết quả",
            "Rated" => "Công dân đánh giá",
            "DocumentDigitised" => "Số hóa giấy tờ",
            "DocumentReused" => "Tái sử dụng giấy tờ đã số hóa",
            "ResultDigitised" => "Đính kèm kết quả điện tử",
            _ => action,
        };

    public static string Mode(TransferMode? mode) => mode switch
    {
        TransferMode.Electronic => "điện tử",
        TransferMode.Paper => "giấy",
        _ => "",
    };

    /// <summary>Working minutes as "1 giờ 30 phút".</summary>
    public static string Minutes(long? minutes)
    {
        if (minutes is not { } m)
        {
            return "—";
        }
        var hours = m / 60;
        var rest = m % 60;
        return hours == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{rest} phút")
            : rest == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{hours} giờ")
                : string.Create(CultureInfo.InvariantCulture, $"{hours} giờ {rest} phút");
    }

    /// <summary>The value of an HTML datetime-local input in Vietnam time.</summary>
    public static string LocalInput(DateTimeOffset at) =>
        WorkingCalendar.ToVietnamTime(at).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static bool TryParseLocalInput(string? value, out DateTimeOffset at)
    {
        at = default;
        if (string.IsNullOrWhiteSpace(value)
            || !DateTime.TryParseExact(value.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local))
        {
            return false;
        }
        at = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), WorkingCalendar.VietnamOffset);
        return true;
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(WorkingCalendar.ToVietnamTime(at).DateTime);
}
