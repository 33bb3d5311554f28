using System.Globalization;
using OneStop.Web.Documents;
using PdfSharp;

namespace OneStop.Web.Features.Reports;

/// <summary>
/// The tracking register (Mẫu 07) as a printable book: A4 landscape, the national header, every official column; the
/// heading row is repeated on each page and a dossier's row is never split between pages.
/// </summary>
internal static class RegisterPdf
{
    private const string Title = "SỔ THEO DÕI HỒ SƠ";
    private const string Note = "(Mẫu số 07 Thông tư số 03/2025/TT-VPCP; Mẫu số 06 Thông tư số 01/2018/TT-VPCP)";
    private const double TableSize = 9;

    public static byte[] Render(RegisterBook book)
    {
        using var layout = new FormLayout(Title, PageOrientation.Landscape);
        var s = new FormRenderer.Styles(layout);
        FormRenderer.Heading(layout, s, book.Header, Title, null, Note, "Quyển số: " + book.Header.DocumentNumber);
        layout.Paragraph(
            $"Hồ sơ tiếp nhận từ ngày {book.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} "
            + $"đến ngày {book.To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}",
            s.Italic, TextAlign.Center, spaceAfter: 2 * FormLayout.Mm);

        static string At(DateTimeOffset? at) => at is { } v ? TrackingRegister.DayTime(v) : "";
        var centred = new HashSet<int> { 0, 3, 7, 8, 9, 10, 11 };
        layout.Table(
            [.. TrackingRegister.Columns.Select((c, i) => new TableColumn(c.Width, centred.Contains(i) ? TextAlign.Center : TextAlign.Left))],
            [.. TrackingRegister.Columns.Select(c => c.Header)],
            [.. book.Rows.Select((r, i) => (IReadOnlyList<string>)
            [
                (r.Number ?? i + 1).ToString(CultureInfo.InvariantCulture), r.Code, r.ProcedureName,
                r.SetCount.ToString(CultureInfo.InvariantCulture), r.Applicant, r.AddressAndPhone, r.LeadUnit,
                At(r.ReceivedAt), At(r.AppointmentAt), At(r.ForwardedAt), At(r.ResultBackAt), At(r.ReturnedAt),
                r.ReturnedTo ?? "", r.Note,
            ])],
            layout.Font(TableSize, bold: true),
            layout.Font(TableSize));
        layout.Paragraph([new("Tổng số: ", s.Body), new(book.Rows.Count.ToString(CultureInfo.InvariantCulture) + " hồ sơ", s.Bold)]);
        return layout.ToPdf();
    }
}
