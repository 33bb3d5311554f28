using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.BearerToken;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Organisation;
using OneStop.Web.Infrastructure;

namespace OneStop.Web.Features.Account;

public static class AuthApi
{
    /// <summary>Credentials of a script or an integration.</summary>
    public sealed record TokenRequest([property: Required] string? UserName, [property: Required] string? Password);

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueTokenAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Đăng nhập")
            .WithSummary("Đổi tên đăng nhập và mật khẩu lấy bearer token (cho script và tích hợp).")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem();
        app.MapGet("/api/me", GetMeAsync)
            .RequireAuthorization()
            .WithTags("Đăng nhập")
            .WithSummary("Người đang đăng nhập: họ tên, vai trò, cơ quan, đơn vị.");
        app.MapPost("/signout", SignOutAsync).WithTags("Đăng nhập").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(TokenRequest request, SignInManager<Officer> signIn)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["Vui lòng nhập tên đăng nhập."];
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Vui lòng nhập mật khẩu."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // The bearer handler writes the token body itself when sign-in succeeds (as MapIdentityApi's /login does).
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.UserName!.Trim(), request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }
        return result.IsLockedOut ? Problems.LockedOut() : Problems.InvalidCredentials();
    }

    public sealed record Me(string UserName, string FullName, string? Title, IReadOnlyList<string> Roles,
        string AgencyCode, string AgencyName, string? UnitCode, string? UnitName);

    private static async Task<Ok<Me>> GetMeAsync(ClaimsPrincipal user, OneStopDbContext db, CancellationToken ct)
    {
        var id = user.OfficerId();
        var me = await db.Users.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new Me(o.UserName!, o.FullName, o.Title, new List<string>(),
                o.Agency!.Code, o.Agency.Name, o.Unit!.Code, o.Unit.Name))
            .SingleAsync(ct);
        return TypedResults.Ok(me with { Roles = [.. Organisation.Roles.All.Where(user.IsInRole)] });
    }

    /// <summary>Signing out is a form post of the layout: without its anti-forgery token another site could sign an officer out.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<Officer> signIn)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "antiforgery", "Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và thử lại.");
        }
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/");
    }
}
