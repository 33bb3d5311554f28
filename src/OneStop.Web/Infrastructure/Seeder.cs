using Microsoft.AspNetCore.Identity;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Organisation;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Infrastructure;

/// <summary>
/// What <c>onestop seed</c> loads: the roles and the procedure catalogue always, the demo organisation when asked.
/// Safe to run again: it only adds what is missing.
/// </summary>
public sealed class Seeder(
    OneStopDbContext db, UserManager<Officer> users, RoleManager<IdentityRole<Guid>> roles, DefinitionCatalog catalog, TimeProvider clock)
{
    public sealed record Result(string Summary, string? DemoPassword);

    public async Task<Result> RunAsync(bool demo, string? demoPassword, CancellationToken ct = default)
    {
        await DemoOrganisation.SeedRolesAsync(roles);
        var procedures = await CatalogueSeeder.SeedAsync(db, catalog, clock, ct);
        string? password = null;
        if (demo)
        {
            password = await DemoOrganisation.SeedAsync(db, users, clock, demoPassword, ct);
        }
        var summary = $"Danh mục thủ tục: {procedures.Added} phiên bản mới, {procedures.Unchanged} không đổi. Vai trò: đủ 5 vai trò."
            + (demo ? " Đã nạp tổ chức mẫu UBND xã Nguyên Giáp." : "");
        return new Result(summary, password);
    }
}

/// <summary>Seeding refused for a reason an operator must fix (e.g. a definition changed without a new version).</summary>
public sealed class SeedException(string message) : Exception(message);
