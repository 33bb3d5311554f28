using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Account;
using OneStop.Web.Features.Organisation;

namespace OneStop.Web.Features.Home;

public sealed class IndexModel(OneStopDbContext db) : PageModel
{
    public string FullName { get; private set; } = "";
    public string? AgencyName { get; private set; }
    public string? UnitName { get; private set; }
    public IReadOnlyList<string> RoleNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var id = User.OfficerId();
        var me = await db.Users.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new { o.FullName, Agency = o.Agency!.Name, Unit = o.Unit!.Name })
            .SingleAsync(ct);
        FullName = me.FullName;
        AgencyName = me.Agency;
        UnitName = me.Unit;
        RoleNames = [.. Roles.All.Where(User.IsInRole).Select(Roles.DisplayName)];
    }
}
