using System.Globalization;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace OneStop.Web.Features.Reports;

/// <summary>The tracking register as an XLSX sheet with the official column headings, dates as real Excel dates.</summary>
public static class RegisterXlsx
{
    public static async Task WriteAsync(RegisterBook book, Stream output, CancellationToken ct)
    {
        await using var sheet = await Spreadsheet.CreateNewAsync(output, cancellationToken: ct);
        var options = new WorksheetOptions { FrozenRows = 4 };
        for (var c = 0; c < TrackingRegister.Columns.Length; c++)
        {
            options.Column(c + 1).Width = TrackingRegister.Columns[c].Width;
        }
        await sheet.StartWorksheetAsync("Sổ theo dõi hồ sơ", options, ct);
        var title = sheet.AddStyle(new Style { Font = { Bold = true, Size = 14 } });
        var header = sheet.AddStyle(new Style
        {
            Font = { Bold = true },
            Alignment = { WrapText = true, Horizontal = HorizontalAlignment.Center, Vertical = VerticalAlignment.Center },
            Border =
            {
                Left = { BorderStyle = BorderStyle.Thin }, Right = { BorderStyle = BorderStyle.Thin },
                Top = { BorderStyle = BorderStyle.Thin }, Bottom = { BorderStyle = BorderStyle.Thin },
            },
        });
        var text = sheet.AddStyle(new Style { Alignment = { WrapText = true, Vertical = VerticalAlignment.Top } });
        var date = sheet.AddStyle(new Style { Format = NumberFormat.Custom("hh:mm dd/mm/yyyy"), Alignment = { Vertical = VerticalAlignment.Top } });

        await sheet.AddRowAsync([new StyledCell("SỔ THEO DÕI HỒ SƠ", title)], ct);
        await sheet.AddRowAsync([new StyledCell($"{book.AgencyName} — tiếp nhận từ {book.From:dd/MM/yyyy} đến {book.To:dd/MM/yyyy}"
            .ToString(CultureInfo.InvariantCulture), null)], ct);
        await sheet.AddRowAsync([new StyledCell("(Mẫu số 07, Phụ lục I Thông tư 03/2025/TT-VPCP; Mẫu số 06 Thông tư 01/2018/TT-VPCP)", null)], ct);
        await sheet.AddRowAsync(TrackingRegister.Columns.Select(c => new StyledCell(c.Header, header)).ToArray(), ct);
        var i = 0;
        foreach (var r in book.Rows)
        {
            i++;
            await sheet.AddRowAsync(
            [
                new StyledCell(r.Number ?? i, text), new StyledCell(r.Code, text), new StyledCell(r.ProcedureName, text), new StyledCell(r.SetCount, text),
                new StyledCell(r.Applicant, text), new StyledCell(r.AddressAndPhone, text), new StyledCell(r.LeadUnit, text),
                Date(r.ReceivedAt), Date(r.AppointmentAt), Date(r.ForwardedAt), Date(r.ResultBackAt), Date(r.ReturnedAt),
                new StyledCell(r.ReturnedTo ?? "", text), new StyledCell(r.Note, text),
            ], ct);
        }
        await sheet.FinishAsync(ct);

        // Excel shows local wall-clock dates: write the Vietnam time of each instant.
        StyledCell Date(DateTimeOffset? at) => at is { } v
            ? new StyledCell(v.ToOffset(Workflows.Calendar.WorkingCalendar.VietnamOffset).DateTime, date)
            : new StyledCell("", text);
    }
}
