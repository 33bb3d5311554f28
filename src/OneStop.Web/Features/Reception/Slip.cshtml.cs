using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;

namespace OneStop.Web.Features.Reception;

[Authorize(Roles = Organisation.Roles.Reception)]
public sealed class SlipModel(OneStopDbContext db) : PageModel
{
    public CounterSlip Slip { get; private set; } = null!;

    public string Title => Slip.Kind == SlipKind.Supplement ? "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" : "Phiếu từ chối tiếp nhận giải quyết hồ sơ";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var agencyId = User.AgencyId();
        var slip = await db.CounterSlips.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.AgencyId == agencyId, ct);
        if (slip is null)
        {
            return NotFound();
        }
        Slip = slip;
        return Page();
    }
}
