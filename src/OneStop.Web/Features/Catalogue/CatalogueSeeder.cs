using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Infrastructure;
using OneStop.Workflows.Definitions;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// Records every (code, version, content hash) of the catalogue. A version once loaded is immutable: dossiers keep
/// the version they were registered under, so a file whose content changed must carry a new version number.
/// </summary>
public static class CatalogueSeeder
{
    public sealed record Outcome(int Added, int Unchanged);

    public static async Task<Outcome> SeedAsync(OneStopDbContext db, DefinitionCatalog catalog, TimeProvider clock, CancellationToken ct = default)
    {
        var stored = await db.ProcedureVersions.ToListAsync(ct);
        var conflicts = catalog.Definitions
            .Select(d => (Definition: d, Stored: stored.SingleOrDefault(s => s.Code == d.Code && s.Version == d.Version)))
            .Where(x => x.Stored is not null && x.Stored.ContentHash != x.Definition.ContentHash)
            .Select(x => $"{x.Definition.SourceFile}:1: thủ tục {x.Definition.Code} phiên bản {x.Definition.Version} đã được nạp với nội dung khác; "
                + "hãy tăng 'version' khi sửa định nghĩa (hồ sơ đang xử lý giữ phiên bản cũ).")
            .ToList();
        if (conflicts.Count > 0)
        {
            throw new SeedException(string.Join(Environment.NewLine, conflicts));
        }

        var added = 0;
        foreach (var definition in catalog.Definitions.Where(d => !stored.Any(s => s.Code == d.Code && s.Version == d.Version)))
        {
            var row = new ProcedureVersion
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                Code = definition.Code,
                Version = definition.Version,
                Name = definition.Name,
                Field = definition.Field,
                ContentHash = definition.ContentHash,
                Content = await File.ReadAllTextAsync(definition.SourceFile, ct),
                FileName = Path.GetFileName(definition.SourceFile),
                LoadedAt = clock.GetUtcNow(),
            };
            db.ProcedureVersions.Add(row);
            stored.Add(row);
            added++;
        }
        await db.SaveChangesAsync(ct);
        return new Outcome(added, catalog.Definitions.Count - added);
    }
}
