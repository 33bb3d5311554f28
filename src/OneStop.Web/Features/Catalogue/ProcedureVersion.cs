namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// One loaded version of a procedure definition file (<c>workflows/&lt;code&gt;-&lt;slug&gt;.yaml</c>). Rows are never
/// changed once written: a dossier keeps the version it was registered under, and a file whose content changes must
/// carry a new <see cref="Version"/> (the loader refuses a changed hash under an old version). New dossiers use
/// the highest version of a code.
/// </summary>
public sealed class ProcedureVersion
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    public required string Field { get; set; }
    /// <summary>SHA-256 of the file with normalised line endings.</summary>
    public required string ContentHash { get; set; }
    /// <summary>The YAML text as loaded, so the exact definition stays available for old dossiers.</summary>
    public required string Content { get; set; }
    public required string FileName { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}
