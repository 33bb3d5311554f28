using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OneStop.Web.Features.Organisation;

namespace OneStop.Web.Features.Account;

/// <summary>Puts the officer's name, agency and unit into the sign-in ticket so pages and APIs need no extra query.</summary>
public sealed class OfficerClaimsFactory(
    UserManager<Officer> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Officer, IdentityRole<Guid>>(users, roles, options)
{
    public const string FullName = "full_name";
    public const string AgencyId = "agency_id";
    public const string UnitId = "unit_id";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Officer user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(FullName, user.FullName));
        identity.AddClaim(new Claim(AgencyId, user.AgencyId.ToString()));
        if (user.UnitId is { } unit)
        {
            identity.AddClaim(new Claim(UnitId, unit.ToString()));
        }
        return identity;
    }
}

/// <summary>Who is acting, read from the sign-in ticket (cookie or bearer token).</summary>
public static class OfficerClaims
{
    public static Guid OfficerId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static Guid AgencyId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(OfficerClaimsFactory.AgencyId)!);
}
