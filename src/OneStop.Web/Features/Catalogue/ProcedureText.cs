using System.Globalization;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Catalogue;

/// <summary>How a definition reads for people (vi-VN): time limits, budgets, fees, roles.</summary>
public static class ProcedureText
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string TimeLimit(TimeLimit limit) => limit.Unit switch
    {
        TimeLimitUnit.SameDay =>
            $"Trong ngày làm việc; tiếp nhận sau {limit.Cutoff ?? "15:00"} thì trả trong ngày làm việc tiếp theo",
        TimeLimitUnit.WorkingDays => $"{limit.Value:00} ngày làm việc",
        TimeLimitUnit.WorkingHours => $"{limit.Value} giờ làm việc",
        TimeLimitUnit.CalendarDays => $"{limit.Value:00} ngày",
    };

    public static string Budget(StepBudget budget) => budget.Unit switch
    {
        BudgetUnit.WorkingDays => $"{budget.Value.ToString("0.##", Vi)} ngày làm việc",
        BudgetUnit.WorkingHours => $"{budget.Value.ToString("0.##", Vi)} giờ làm việc",
    };

    public static string OnlineLevel(OnlineLevel level) => level switch
    {
        Workflows.Definitions.OnlineLevel.Full => "Dịch vụ công trực tuyến toàn trình",
        Workflows.Definitions.OnlineLevel.Partial => "Dịch vụ công trực tuyến một phần",
    };

    public static string Role(Role role) => Organisation.Roles.DisplayName(RoleKey(role));

    public static string RoleKey(Role role) => role switch
    {
        Workflows.Definitions.Role.Reception => Organisation.Roles.Reception,
        Workflows.Definitions.Role.Specialist => Organisation.Roles.Specialist,
        Workflows.Definitions.Role.Leader => Organisation.Roles.Leader,
        Workflows.Definitions.Role.Supervisor => Organisation.Roles.Supervisor,
        Workflows.Definitions.Role.Admin => Organisation.Roles.Admin,
    };

    public static string Money(long amount) => amount.ToString("#,0", Vi) + " đồng";

    public static string Fee(FeeLine fee)
    {
        var amount = fee.Basis switch
        {
            FeeBasis.PerCase => $"{Money(fee.Amount ?? 0)}/trường hợp",
            FeeBasis.PerCopy => $"{Money(fee.Amount ?? 0)}/bản",
            FeeBasis.PerPage => string.Join("; ", fee.Tiers.Select(t => t.ToPage is { } to
                    ? $"trang {t.FromPage}–{to}: {Money(t.Amount)}/trang"
                    : $"từ trang {t.FromPage}: {Money(t.Amount)}/trang"))
                + (fee.MaxPerCopy is { } max ? $"; tối đa {Money(max)}/bản" : ""),
        };
        var condition = fee.When switch
        {
            FeeCondition.Late => " (khi đăng ký quá hạn)",
            FeeCondition.OnTime => " (khi đăng ký đúng hạn)",
            FeeCondition.Always => "",
        };
        var channel = fee.Channel switch
        {
            FeeChannel.Online => " – nộp trực tuyến",
            FeeChannel.Direct => " – nộp trực tiếp",
            FeeChannel.Any => "",
        };
        return amount + condition + channel;
    }

    public static string StepKind(StepKind kind) => kind switch
    {
        Workflows.Definitions.StepKind.Reception => "Tiếp nhận",
        Workflows.Definitions.StepKind.Processing => "Xử lý",
        Workflows.Definitions.StepKind.Approval => "Phê duyệt",
        Workflows.Definitions.StepKind.Transfer => "Liên thông",
        Workflows.Definitions.StepKind.Return => "Trả kết quả",
    };
}
