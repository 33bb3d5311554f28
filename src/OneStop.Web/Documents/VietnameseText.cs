using System.Globalization;
using System.Text;

namespace OneStop.Web.Documents;

/// <summary>How the forms write dates, instants and money for people (vi-VN, Vietnam time).</summary>
public static class VietnameseText
{
    /// <summary>Culture for anything a person reads.</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Vietnam has used UTC+7 all year, without daylight saving, since 1975.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>"ngày 05 tháng 01 năm 2026", "ngày 27 tháng 11 năm 2026" — NĐ 30/2020: pad days below 10 and months 1–2.</summary>
    public static string Date(DateTimeOffset instant)
    {
        var local = instant.ToOffset(VietnamOffset);
        var day = local.Day.ToString(local.Day < 10 ? "00" : "0", CultureInfo.InvariantCulture);
        var month = local.Month.ToString(local.Month <= 2 ? "00" : "0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"ngày {day} tháng {month} năm {local.Year}");
    }

    /// <summary>"09 giờ 30 phút, ngày 27 tháng 11 năm 2026" in Vietnam time.</summary>
    public static string Instant(DateTimeOffset instant)
    {
        var local = instant.ToOffset(VietnamOffset);
        return string.Create(CultureInfo.InvariantCulture, $"{local.Hour:00} giờ {local.Minute:00} phút, {Date(instant)}");
    }

    /// <summary>"21.000 đồng" (vi-VN digit grouping).</summary>
    public static string Money(decimal amount) => amount.ToString("#,##0.##", Culture) + " đồng";

    /// <summary>Composed (NFC) form; forms draw precomposed glyphs so "Nguye\u0302n" must become "Nguyên".</summary>
    public static string Nfc(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text.Normalize(NormalizationForm.FormC);
}
