using System.Globalization;

namespace OneStop.Workflows.Tests.Calendar;

/// <summary>Short literals for dates and Vietnam-time instants in tests.</summary>
internal static class TestDates
{
    public static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"yyyy-MM-ddTHH:mm" in Vietnam time (+07:00).</summary>
    public static DateTimeOffset T(string local) =>
        new(DateTime.ParseExact(local, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), Vietnam);
}
