using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;

namespace OneStop.Web.Features.Reception;

/// <summary>The queue of online submissions: check each, then accept, ask for supplements or refuse.</summary>
[Authorize(Roles = Organisation.Roles.Reception)]
public sealed class OnlineModel(OneStopDbContext db, IntakeDecisions decisions) : PageModel
{
    public IReadOnlyList<OnlineIntake.QueueItem> Queue { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var agencyId = User.AgencyId();
        Queue = await OnlineIntake.Queue(db, agencyId).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, uint rowVersion, CancellationToken ct) =>
        Outcome(await decisions.AcceptAsync(id, rowVersion.ToString(CultureInfo.InvariantCulture), User, ct), "Đã tiếp nhận hồ sơ.");

    public async Task<IActionResult> OnPostSupplementAsync(Guid id, uint rowVersion, string? reason, CancellationToken ct) =>
        Outcome(await decisions.SlipAsync(id, SlipKind.Supplement, new OnlineIntake.Decision(reason, null),
            rowVersion.ToString(CultureInfo.InvariantCulture), User, ct), "Đã gửi yêu cầu bổ sung, hoàn thiện hồ sơ.");

    public async Task<IActionResult> OnPostRefuseAsync(Guid id, uint rowVersion, string? reason, CancellationToken ct) =>
        Outcome(await decisions.SlipAsync(id, SlipKind.Refusal, new OnlineIntake.Decision(reason, null),
            rowVersion.ToString(CultureInfo.InvariantCulture), User, ct), "Đã từ chối tiếp nhận hồ sơ.");

    /// <summary>Same rules as the API; the page shows the result (or the Vietnamese problem) above the queue.</summary>
    private IActionResult Outcome(IResult result, string done)
    {
        switch (result)
        {
            case Ok<RegisterDossierResponse> accepted:
                var url = accepted.Value!.ReceiptUrl!;
                var token = QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..])["t"].ToString();
                return Redirect($"/reception/registered/{accepted.Value.Id}?t={Uri.EscapeDataString(token)}");
            case Ok<OnlineIntake.SlipIssued> slip:
                Message = $"{done} Phiếu số {slip.Value!.Number}.";
                return Redirect(slip.Value.FormUrl);
            case ProblemHttpResult problem:
                Message = problem.ProblemDetails.Title;
                return RedirectToPage();
            case ValidationProblem invalid:
                Message = string.Join(" ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value));
                return RedirectToPage();
            default:
                throw new InvalidOperationException(result.GetType().Name);
        }
    }
}
