using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace OneStop.Benchmarks.Data;

/// <summary>The demo organisation as the generator and the read benchmark need it: agency, units, officers by role.</summary>
internal sealed record DemoData(Guid AgencyId, string AgencyCode, string OfficeHours, IReadOnlyDictionary<string, Guid> UnitByFunction,
    IReadOnlyList<(string UserName, Guid Id, Guid? UnitId, string Role)> Officers,
    IReadOnlyDictionary<(string Code, int Version), (Guid Id, string Name)> ProcedureVersions)
{
    public const string AgencyCodeDefault = "H99.100";

    public static async Task<DemoData> LoadAsync(NpgsqlConnection db, CancellationToken ct)
    {
        await using var agencyCmd = new NpgsqlCommand("SELECT id, code, office_hours FROM agencies WHERE code = @c", db);
        agencyCmd.Parameters.AddWithValue("c", AgencyCodeDefault);
        Guid agencyId;
        string code, hours;
        await using (var r = await agencyCmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct))
            {
                throw new InvalidOperationException("Chưa có tổ chức mẫu: chạy 'onestop seed --demo' trước.");
            }
            (agencyId, code, hours) = (r.GetGuid(0), r.GetString(1), r.GetString(2));
        }
        var units = new Dictionary<string, Guid>();
        await using (var cmd = new NpgsqlCommand("SELECT function, id FROM units WHERE agency_id = @a", db))
        {
            cmd.Parameters.AddWithValue("a", agencyId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                units[r.GetString(0)] = r.GetGuid(1);
            }
        }
        var officers = new List<(string, Guid, Guid?, string)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT u.user_name, u.id, u.unit_id, r.name FROM "AspNetUsers" u
            JOIN "AspNetUserRoles" ur ON ur.user_id = u.id JOIN "AspNetRoles" r ON r.id = ur.role_id
            WHERE u.agency_id = @a ORDER BY u.user_name
            """, db))
        {
            cmd.Parameters.AddWithValue("a", agencyId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                officers.Add((r.GetString(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetString(3)));
            }
        }
        var versions = new Dictionary<(string, int), (Guid, string)>();
        await using (var cmd = new NpgsqlCommand("SELECT code, version, id, name FROM procedure_versions", db))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                versions[(r.GetString(0), r.GetInt32(1))] = (r.GetGuid(2), r.GetString(3));
            }
        }
        return new DemoData(agencyId, code, hours, units, officers, versions);
    }

    /// <summary>
    /// The lookup PIN of a generated dossier, derived from its id so that the read benchmark can look it up without a
    /// list: the first bytes of SHA-256(id) modulo 10⁶.
    /// </summary>
    public static string PinOf(Guid id) =>
        (BitConverter.ToUInt32(SHA256.HashData(Encoding.ASCII.GetBytes(id.ToString("N"))), 0) % 1_000_000)
            .ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
