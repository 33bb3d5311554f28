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

    /// <summary>
    /// Numbers an accepted dossier in one statement: the day's code counter and the year's register counter (locked in
    /// that order, as <see cref="NextAsync(OneStopDbContext, Guid, string[], CancellationToken)"/> does), the dossier's
    /// code (<paramref name="prefix"/> + at least four digits) and register number, and the code in the payload of its
    /// events not yet published (<paramref name="events"/>: they were written before the code existed).
    /// </summary>
    public static async Task<(string Code, int RegisterNumber)> NumberAsync(this OneStopDbContext db, Guid dossierId, Guid agencyId,
        string prefix, DateTimeOffset received, Guid[] events, CancellationToken ct)
    {
        string day = "D" + received.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture), year = "R" + received.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var numbered = await db.Database.SqlQuery<Numbered>($$"""
            WITH n AS (
                INSERT INTO counters (agency_id, scope, value)
                SELECT {{agencyId}}, s.scope, 1 FROM unnest({{new[] { day, year }}}) WITH ORDINALITY AS s (scope, n) ORDER BY s.n
                ON CONFLICT (agency_id, scope) DO UPDATE SET value = counters.value + 1
                RETURNING scope, value),
            d AS (
                UPDATE dossiers SET
                    code = {{prefix}} || (SELECT CASE WHEN value < 10000 THEN lpad(value::text, 4, '0') ELSE value::text END FROM n WHERE scope = {{day}}),
                    register_year = {{received.Year}},
                    register_number = (SELECT value FROM n WHERE scope = {{year}})
                WHERE id = {{dossierId}}
                RETURNING code, register_number),
            e AS (
                UPDATE outbox_messages SET payload = jsonb_set(payload, '{dossierCode}', to_jsonb((SELECT code FROM d)))
                WHERE id = ANY({{events}}))
            SELECT code, register_number FROM d
            """).ToListAsync(ct);
        return (numbered.Single().Code, numbered.Single().RegisterNumber);
    }

    private sealed record Numbered(string Code, int RegisterNumber);
}
