using Microsoft.AspNetCore.Identity;

namespace OneStop.Web.Features.Organisation;

/// <summary>A signed-in person: cán bộ, công chức of an agency, member of one unit, with one or more roles.</summary>
public sealed class Officer : IdentityUser<Guid>
{
    public required string FullName { get; set; }
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public Guid? UnitId { get; set; }
    public Unit? Unit { get; set; }
    /// <summary>Job title printed under signatures, e.g. "Công chức Tư pháp – Hộ tịch".</summary>
    public string? Title { get; set; }
}

/// <summary>The five roles of the one-stop system; keys match <c>role</c> in workflow definitions.</summary>
public static class Roles
{
    public const string Reception = "reception";
    public const string Specialist = "specialist";
    public const string Leader = "leader";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reception, Specialist, Leader, Supervisor, Admin];

    public static string DisplayName(string role) => role switch
    {
        Reception => "Tiếp nhận và trả kết quả",
        Specialist => "Chuyên viên xử lý",
        Leader => "Lãnh đạo phê duyệt",
        Supervisor => "Giám sát",
        Admin => "Quản trị hệ thống",
        _ => role,
    };
}
