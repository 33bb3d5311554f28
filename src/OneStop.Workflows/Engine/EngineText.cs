using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Engine;

/// <summary>Vietnamese names used in the engine's messages for people.</summary>
public static class EngineText
{
    public static string RoleName(Role role) => role switch
    {
        Role.Reception => "tiếp nhận và trả kết quả",
        Role.Specialist => "chuyên viên xử lý",
        Role.Leader => "lãnh đạo",
        Role.Supervisor => "giám sát",
        Role.Admin => "quản trị",
    };

    public static string ActionName(WorkflowAction action) => action switch
    {
        WorkflowAction.CompleteStep => "hoàn thành bước",
        WorkflowAction.SendBack => "trả lại bước trước",
        WorkflowAction.RequestSupplement => "yêu cầu bổ sung hồ sơ",
        WorkflowAction.ReceiveSupplement => "nhận hồ sơ bổ sung",
        WorkflowAction.Refuse => "từ chối giải quyết",
        WorkflowAction.TransferToPartner => "chuyển liên thông",
        WorkflowAction.ReceiveFromPartner => "nhận hồ sơ từ cơ quan liên thông",
        WorkflowAction.Approve => "phê duyệt",
        WorkflowAction.ReturnForRework => "trả lại để xử lý lại",
        WorkflowAction.RequestExtension => "lập thư xin lỗi, hẹn lại ngày trả kết quả",
        WorkflowAction.ApproveExtension => "duyệt thư xin lỗi, hẹn lại ngày trả kết quả",
        WorkflowAction.RejectExtension => "không duyệt thư xin lỗi",
        WorkflowAction.Withdraw => "dừng giải quyết theo yêu cầu của công dân",
        WorkflowAction.Assign => "phân công cán bộ xử lý",
    };
}
