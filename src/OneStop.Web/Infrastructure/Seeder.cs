using Microsoft.AspNetCore.Identity;
using OneStop.Web.Data;
using OneStop.Web.Features.Organisation;

namespace OneStop.Web.Infrastructure;

/// <summary>
/// What <c>onestop seed</c> loads: the roles and the procedure catalogue always, the demo organisation when asked.
/// Safe to run again: it only adds what is missing.
/// </summary>
public sealed class Seeder(
    OneStopDbContext db, UserManager<Officer> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider clock)
{
    public sealed record Result(string Summary, string? DemoPassword);

    public async Task<Result> RunAsync(bool demo, string? demoPassword, CancellationToken ct = default)
    {
        await DemoOrganisation.SeedRolesAsync(roles);
        string? password = null;
        if (demo)
        {
            password = await DemoOrganisation.SeedAsync(db, users, clock, demoPassword, ct);
        }
        var summary = demo ? "Đã nạp vai trò và tổ chức mẫu UBND xã Nguyên Giáp." : "Đã nạp vai trò.";
        return new Result(summary, password);
    }
}

/// <summary>Seeding refused for a reason an operator must fix (e.g. a definition changed without a new version).</summary>
public sealed class SeedException(string message) : Exception(message);
