using Microsoft.AspNetCore.Http.HttpResults;

namespace OneStop.Web.Infrastructure;

/// <summary>
/// RFC 7807 answers with a Vietnamese <c>title</c> for people and a stable machine <c>type</c> for programs.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:onestop:problem:";

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Dữ liệu gửi lên không hợp lệ.", type: TypePrefix + "validation");

    public static ProblemHttpResult InvalidCredentials() =>
        Problem(StatusCodes.Status401Unauthorized, "invalid-credentials", "Tên đăng nhập hoặc mật khẩu không đúng.");

    public static ProblemHttpResult LockedOut() =>
        Problem(StatusCodes.Status401Unauthorized, "locked-out",
            "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút.");

    public static ProblemHttpResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "not-found", $"Không tìm thấy {what}.");

    public static ProblemHttpResult Problem(int status, string type, string title, string? detail = null) =>
        TypedResults.Problem(title: title, statusCode: status, type: TypePrefix + type, detail: detail);

    /// <summary>Vietnamese titles for answers produced by the framework itself (401, 403, 404, 405, 415, 500 …).</summary>
    public static string TitleFor(int status) => status switch
    {
        400 => "Yêu cầu không hợp lệ.",
        401 => "Bạn cần đăng nhập để thực hiện thao tác này.",
        403 => "Bạn không có quyền thực hiện thao tác này.",
        404 => "Không tìm thấy địa chỉ yêu cầu.",
        405 => "Phương thức không được hỗ trợ cho địa chỉ này.",
        409 => "Dữ liệu đã bị thay đổi bởi người khác. Vui lòng tải lại và thử lại.",
        413 => "Dữ liệu gửi lên quá lớn.",
        415 => "Định dạng dữ liệu không được hỗ trợ.",
        429 => "Quá nhiều yêu cầu. Vui lòng thử lại sau.",
        _ when status >= 500 => "Hệ thống gặp lỗi. Vui lòng thử lại sau.",
        _ => "Yêu cầu không thành công.",
    };

    public static string TypeFor(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        413 => "too-large",
        415 => "unsupported-media-type",
        429 => "too-many-requests",
        _ when status >= 500 => "server-error",
        _ => "error",
    };
}
