using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Reception;
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

/// <summary>
/// The register of one agency for a period of reception dates (Vietnam days, both ends included), with the national
/// header the printed book carries.
/// </summary>
public sealed record RegisterBook(string AgencyName, FormHeader Header, DateOnly From, DateOnly To, IReadOnlyList<RegisterRow> Rows);

public sealed class TrackingRegister(OneStopDbContext db, TimeProvider clock)
{
    public const int MaxDays = 366;

    /// <summary>
    /// The official columns (DOMAIN §1.2.2) with their relative widths: Excel character widths in the XLSX, millimetres
    /// of the A4 landscape page in the PDF.
    /// </summary>
    public static readonly (string Header, double Width)[] Columns =
    [
        ("STT", 10), ("Mã hồ sơ", 21), ("Tên thủ tục hành chính", 30), ("Số lượng hồ sơ (bộ)", 12), ("Tên cá nhân, tổ chức", 22),
        ("Địa chỉ, số điện thoại", 22), ("Cơ quan chủ trì giải quyết", 20), ("Nhận hồ sơ", 19), ("Hẹn trả kết quả", 19),
        ("Chuyển hồ sơ đến cơ quan giải quyết", 19), ("Nhận kết quả từ cơ quan giải quyết", 19), ("Trả kết quả cho cá nhân, tổ chức", 19),
        ("Ký nhận", 14), ("Ghi chú", 16),
    ];

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
        var agency = await db.Agencies.AsNoTracking().Include(a => a.Units).SingleAsync(a => a.Id == agencyId, ct);
        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.AgencyId == agencyId && d.ReceivedAt >= start && d.ReceivedAt < end && d.Code != null)
            .OrderBy(d => d.RegisterYear).ThenBy(d => d.RegisterNumber)
            .Select(d => new
            {
                d.RegisterNumber, d.Code, d.ProcedureName, d.SetCount, Owner = d.Owner.FullName, d.Owner.Address, d.Owner.Phone,
                d.ReceivedAt, d.AppointmentAt, d.OriginalAppointmentAt, d.ResultReadyAt, d.ReturnedAt, d.ReturnedTo, d.Status,
                Forwarded = d.Steps.Where(s => s.Sequence == 1).Select(s => s.CompletedAt).FirstOrDefault(),
                Lead = d.Steps.Where(s => s.Sequence == 2)
                    .Select(s => db.Units.Where(u => u.Id == s.UnitId).Select(u => u.Name).FirstOrDefault()
                        ?? db.Units.Where(u => u.AgencyId == d.AgencyId && u.Function == s.UnitFunction).OrderBy(u => u.Code).Select(u => u.Name).FirstOrDefault()
                        ?? s.UnitFunction).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var book = from.Year == to.Year
            ? from.Year.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{from.Year}–{to.Year}");
        return new RegisterBook(agency.Name, ReceptionApi.HeaderOf(agency, book, clock.GetUtcNow()), from, to, [.. rows.Select(r => new RegisterRow(
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
