using System.Globalization;
using System.Text;

namespace OneStop.Web.Infrastructure;

/// <summary>Accent-insensitive matching for Vietnamese: "khai sinh" finds "Đăng ký khai sinh".</summary>
public static class SearchText
{
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            // đ/Đ is a letter of its own, not d with a mark, so decomposition leaves it alone.
            folded.Append(c switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(c) });
        }
        return folded.ToString();
    }

    public static bool Matches(string text, string query) =>
        Fold(text).Contains(Fold(query.Trim()), StringComparison.Ordinal);
}
