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
        (await db.NextAsync(agencyId, [scope], ct))[0];

    /// <summary>
    /// The next number of each scope, in one statement. The rows are locked in the order given, so callers that
    /// always name their scopes in the same order cannot deadlock.
    /// </summary>
    public static async Task<int[]> NextAsync(this OneStopDbContext db, Guid agencyId, string[] scopes, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<CounterValue>($"""
            INSERT INTO counters (agency_id, scope, value)
            SELECT {agencyId}, s.scope, 1 FROM unnest({scopes}) WITH ORDINALITY AS s (scope, n) ORDER BY s.n
            ON CONFLICT (agency_id, scope) DO UPDATE SET value = counters.value + 1
            RETURNING scope AS "Scope", value AS "Value"
            """).ToDictionaryAsync(c => c.Scope, c => c.Value, ct);
        return [.. scopes.Select(s => next[s])];
    }

    private sealed record CounterValue(string Scope, int Value);
}
