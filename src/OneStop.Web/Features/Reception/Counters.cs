using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Reception;

/// <summary>
/// Gapless numbering (dossier codes per day, register entries and slips per year) from counter rows updated in the
/// caller's transaction: a rollback undoes the increment, and the row lock serialises concurrent app instances.
/// </summary>
public static class Counters
{
    // Not composed (no Single() in SQL): PostgreSQL cannot wrap an INSERT … RETURNING in a sub-query.
    public static async Task<int> NextAsync(this OneStopDbContext db, Guid agencyId, string scope, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"""
            INSERT INTO counters (agency_id, scope, value) VALUES ({agencyId}, {scope}, 1)
            ON CONFLICT (agency_id, scope) DO UPDATE SET value = counters.value + 1
            RETURNING value AS "Value"
            """).ToListAsync(ct)).Single();
}
