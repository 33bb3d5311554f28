using System.ComponentModel.DataAnnotations;

namespace OneStop.Web.Features.Digitisation;

/// <summary>Section "Storage": where scanned files live and how large one may be.</summary>
public sealed class DigitisationOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for stored files; relative paths are under the app's content root.</summary>
    [Required]
    public string Path { get; set; } = "App_Data/files";

    /// <summary>Largest scan accepted, in bytes (10 MB).</summary>
    [Range(1, 1L << 30)]
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;
}
