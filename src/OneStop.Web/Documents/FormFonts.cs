using PdfSharp.Fonts;

namespace OneStop.Web.Documents;

/// <summary>
/// The embedded Liberation Serif faces (SIL OFL 1.1, metric-compatible with Times New Roman, which
/// Nghị định 30/2020 prescribes for administrative documents) and the one-time PDFsharp installation.
/// </summary>
public static class FormFonts
{
    /// <summary>The family name every form uses; the resolver maps it to the embedded faces.</summary>
    public const string Family = "Liberation Serif";

    private static readonly Lock Gate = new();

    /// <summary>
    /// Installs <see cref="FormFontResolver"/> as PDFsharp's global font resolver. Safe to call from any thread,
    /// any number of times. PDFsharp allows one global resolver per process, so another one already installed
    /// is an error rather than something to overwrite silently.
    /// </summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            switch (GlobalFontSettings.FontResolver)
            {
                case FormFontResolver:
                    return;
                case null:
                    GlobalFontSettings.FontResolver = new FormFontResolver();
                    return;
                default:
                    throw new InvalidOperationException(
                        "A different PDFsharp font resolver is already installed; the forms need FormFontResolver.");
            }
        }
    }
}

/// <summary>Resolves every family to the embedded Liberation Serif faces (so no system font is ever needed).</summary>
public sealed class FormFontResolver : IFontResolver
{
    internal const string RegularFace = "LiberationSerif-Regular";
    internal const string BoldFace = "LiberationSerif-Bold";
    internal const string ItalicFace = "LiberationSerif-Italic";
    internal const string BoldItalicFace = "LiberationSerif-BoldItalic";

    private static readonly Dictionary<string, Lazy<byte[]>> Faces = new(StringComparer.Ordinal)
    {
        [RegularFace] = new(() => Load(RegularFace)),
        [BoldFace] = new(() => Load(BoldFace)),
        [ItalicFace] = new(() => Load(ItalicFace)),
        [BoldItalicFace] = new(() => Load(BoldItalicFace)),
    };

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        (bold, italic) switch
        {
            (false, false) => new FontResolverInfo(RegularFace),
            (true, false) => new FontResolverInfo(BoldFace),
            (false, true) => new FontResolverInfo(ItalicFace),
            (true, true) => new FontResolverInfo(BoldItalicFace),
        };

    public byte[]? GetFont(string faceName) => Faces.TryGetValue(faceName, out var face) ? face.Value : null;

    private static byte[] Load(string face)
    {
        var assembly = typeof(FormFontResolver).Assembly;
        var suffix = "." + face + ".ttf";
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Embedded font resource '*{suffix}' is missing.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
