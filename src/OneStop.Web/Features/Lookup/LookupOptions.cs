using System.ComponentModel.DataAnnotations;

namespace OneStop.Web.Features.Lookup;

/// <summary>Section "Lookup": abuse limits of the public dossier lookup (API and page).</summary>
public sealed class LookupOptions
{
    public const string Section = "Lookup";

    /// <summary>Requests one client (remote IP) may make per window on the lookup endpoints and the page POST.</summary>
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 20;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Wrong PINs in a row after which the dossier's lookup is locked.</summary>
    [Range(1, 100)]
    public int MaxFailures { get; set; } = 5;

    [Range(1, 1440)]
    public int LockMinutes { get; set; } = 15;
}
