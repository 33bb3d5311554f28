using System.Collections.Concurrent;
using System.Globalization;
using OneStop.Workflows.Calendar;

namespace OneStop.Web.Features.Reception;

/// <summary>One working calendar per distinct office-hours setting (agencies may open differently), built once.</summary>
public sealed class AgencyCalendars(CalendarDecisions decisions)
{
    private readonly ConcurrentDictionary<string, WorkingCalendar> calendars = new(StringComparer.Ordinal);

    /// <summary>Office hours as "07:00-11:30,13:30-17:00".</summary>
    public WorkingCalendar For(string officeHours) => calendars.GetOrAdd(officeHours, hours => new WorkingCalendar(Parse(hours), decisions));

    private static OfficeHours Parse(string text) => new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(session => session.Split('-'))
        .Select(parts => new OfficeSession(
            TimeOnly.ParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture),
            TimeOnly.ParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture))));
}
