using System.Globalization;
using System.Text;

namespace OneStop.Web.Features.Digitisation;

/// <summary>What a scan is, judged by its first bytes rather than its name or the browser's word, and a safe name for it.</summary>
public static class ScanFile
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const int HeaderLength = 8;
    public const int MaxFileNameLength = 255;

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type by magic bytes: PDF, JPEG or PNG; null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> header) =>
        header.StartsWith(PdfMagic) ? Pdf
        : header.StartsWith(PngMagic) ? Png
        : header.StartsWith(JpegMagic) ? Jpeg
        : null;

    public static string Extension(string contentType) => contentType switch
    {
        Pdf => ".pdf",
        Png => ".png",
        Jpeg => ".jpg",
        _ => ".bin",
    };

    /// <summary>
    /// The client's file name without any folder part (both separators), without control characters, NFC, at most 255
    /// characters with the extension kept; a name made of nothing becomes <c>scan.pdf</c>/<c>.jpg</c>/<c>.png</c>.
    /// </summary>
    public static string SafeName(string? clientName, string contentType)
    {
        var name = (clientName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            var category = char.GetUnicodeCategory(c);
            if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                && c is not ('"' or ':' or '*' or '?' or '<' or '>' or '|'))
            {
                cleaned.Append(c);
            }
        }
        name = cleaned.ToString().Trim().Trim('.').Trim();
        if (name.Length == 0)
        {
            return "scan" + Extension(contentType);
        }
        if (name.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(name);
            if (extension.Length is 0 or > 10)
            {
                extension = "";
            }
            var stem = name[..(MaxFileNameLength - extension.Length)];
            // Never cut a surrogate pair in half.
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }
            name = stem + extension;
        }
        return name;
    }
}
