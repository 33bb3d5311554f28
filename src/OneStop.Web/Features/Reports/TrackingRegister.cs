using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Lookup;
using OneStop.Workflows.Calendar;

namespace OneStop.Web.Features.Reports;

/// <summary>
/// One line of the Sổ theo dõi hồ sơ (form 07 under TT 03/2025, form 06 under TT 01/2018; DOMAIN §1.2.2): the
/// official columns — received, appointment, forwarded to the processing body, result back from it, returned.
/// </summary>
public sealed record RegisterRow(
    int? Number, string Code, string ProcedureName, int SetCount, string Applicant, string AddressAndPhone, string LeadUnit,
    DateTimeOffset ReceivedAt, DateTimeOffset? AppointmentAt, DateTimeOffset? ForwardedAt, DateTimeOffset? ResultBackAt,
    DateTimeOffset? ReturnedAt, string? ReturnedTo, string Note);

/// <summary>The register of one agency for a period of reception dates (Vietnam days, both ends included).</summary>
public sealed record RegisterBook(string AgencyName, string? ParentName, DateOnly From, DateOnly To, IReadOnlyList<RegisterRow> Rows);

public sealed class TrackingRegister(OneStopDbContext db)
{
    public const int MaxDays = 366;

    public static string? Validate(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        (null, _) or (_, null) => "Vui lòng chọn từ ngày và đến ngày (yyyy-MM-dd).",
        ({ } f, { } t) when f > t => "Từ ngày phải trước hoặc bằng đến ngày.",
        ({ } f, { } t) when t.DayNumber - f.DayNumber >= MaxDays => $"Mỗi lần chỉ lấy sổ theo dõi tối đa {MaxDays} ngày.",
        _ => null,
    };

    public async Task<RegisterBook> ReadAsync(Guid agencyId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset);
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == agencyId, ct);
        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.AgencyId == agencyId && d.ReceivedAt >= start && d.ReceivedAt < end && d.Code != null)
            .OrderBy(d => d.RegisterYear).ThenBy(d => d.RegisterNumber)
            .Select(d => new
            {
                d.RegisterNumber, d.Code, d.ProcedureName, d.SetCount, Owner = d.Owner.FullName, d.Owner.Address, d.Owner.Phone,
                d.ReceivedAt, d.AppointmentAt, d.OriginalAppointmentAt, d.ResultReadyAt, d.ReturnedAt, d.ReturnedTo, d.Status,
                Forwarded = d.Steps.Where(s => s.Sequence == 1).Select(s => s.CompletedAt).FirstOrDefault(),
                Lead = d.Steps.Where(s => s.Sequence == 2)
                    .Select(s => db.Units.Where(u => u.Id == s.UnitId).Select(u => u.Name).FirstOrDefault() ?? s.UnitFunction).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new RegisterBook(agency.Name, agency.ParentName, from, to, [.. rows.Select(r => new RegisterRow(
            r.RegisterNumber, r.Code!, r.ProcedureName, r.SetCount, r.Owner,
            string.Join(" – ", new[] { r.Address, r.Phone }.Where(x => !string.IsNullOrWhiteSpace(x))),
            r.Lead ?? "", r.ReceivedAt!.Value, r.AppointmentAt, r.Forwarded, r.ResultReadyAt, r.ReturnedAt, r.ReturnedTo,
            Note(r.Status, r.OriginalAppointmentAt, r.AppointmentAt, r.ReturnedAt ?? r.ResultReadyAt)))]);
    }

    /// <summary>Ghi chú: stopped or withdrawn dossiers, a new appointment, a late result (judged against the first appointment).</summary>
    private static string Note(DossierStatus status, DateTimeOffset? original, DateTimeOffset? appointment, DateTimeOffset? done)
    {
        var notes = new List<string>();
        if (status is DossierStatus.Withdrawn or DossierStatus.Stopped or DossierStatus.NotAccepted)
        {
            notes.Add(DossierStatusText.Name(status));
        }
        if (original is { } first)
        {
            notes.Add("Hẹn lại (thư xin lỗi), hẹn ban đầu " + Day(first));
        }
        if (done is { } d && (original ?? appointment) is { } due && d > due)
        {
            notes.Add("Quá hạn");
        }
        return string.Join("; ", notes);
    }

    public static string Day(DateTimeOffset at) =>
        at.ToOffset(WorkingCalendar.VietnamOffset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string DayTime(DateTimeOffset at) =>
        at.ToOffset(WorkingCalendar.VietnamOffset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
