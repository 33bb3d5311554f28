using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;

namespace OneStop.Web.Features.Reception;

[Authorize(Roles = Organisation.Roles.Reception)]
public sealed class RegisteredModel(OneStopDbContext db, IDataProtectionProvider protection) : PageModel
{
    public Dossier Dossier { get; private set; } = null!;

    public string? Pin { get; private set; }

    public string ReceiptUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, string? t, CancellationToken ct)
    {
        var agencyId = User.AgencyId();
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.AgencyId == agencyId && d.Code != null, ct);
        if (dossier is null)
        {
            return NotFound();
        }
        Dossier = dossier;
        Pin = ReceiptTokens.PinFrom(protection, id, t);
        ReceiptUrl = $"/api/dossiers/{id}/forms/receipt.pdf" + (t is null ? "" : "?t=" + Uri.EscapeDataString(t));
        return Page();
    }
}
