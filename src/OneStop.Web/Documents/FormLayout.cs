using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OneStop.Web.Documents;

internal enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>A piece of text in one font; a paragraph is a list of runs.</summary>
internal readonly record struct Run(string Text, XFont Font);

/// <summary>A centred line in a column block (header, signatures), optionally with a rule under it.</summary>
internal sealed record BlockLine(string Text, XFont Font, double SpaceBefore = 0, BlockRule Rule = BlockRule.None);

internal enum BlockRule
{
    None,
    /// <summary>A short centred rule, a third of the column (under the agency name, NĐ 30/2020).</summary>
    Short,
    /// <summary>A rule as long as the text (under the motto).</summary>
    TextWidth,
}

/// <summary>Column of a table: relative width and how its cells align.</summary>
internal sealed record TableColumn(double Weight, TextAlign Align);

/// <summary>
/// A tiny flow layout over PDFsharp: A4 pages (portrait, or landscape for wide registers) with the NĐ 30/2020 margins, a cursor that moves down, word
/// wrapping at a width, tables whose rows grow with their text and which continue on the next page with the
/// header row repeated. Everything drawn goes through <see cref="VietnameseText.Nfc"/>.
/// </summary>
internal sealed class FormLayout : IDisposable
{
    public const double Mm = 72 / 25.4;
    private const double CellPadding = 1.5 * Mm;
    private static readonly XPen RulePen = new(XColors.Black, 0.6);
    private static readonly XPen GridPen = new(XColors.Black, 0.5);

    private readonly PdfDocument _document = new();
    private readonly Dictionary<(XFontStyleEx, double), XFont> _fonts = [];
    private readonly PageOrientation _orientation;
    private XGraphics _gfx;

    public FormLayout(string title, PageOrientation orientation = PageOrientation.Portrait)
    {
        FormFonts.EnsureInstalled();
        _orientation = orientation;
        var (width, height) = orientation == PageOrientation.Landscape ? (297, 210) : (210, 297);
        Right = (width - 15) * Mm;
        Bottom = (height - 15) * Mm;
        _document.Info.Title = VietnameseText.Nfc(title);
        _document.Info.Creator = "OneStop";
        _gfx = AddPage();
    }

    public double Left { get; } = 20 * Mm;
    public double Right { get; }
    public double Top { get; } = 15 * Mm;
    public double Bottom { get; }
    public double Width => Right - Left;


    /// <summary>Cursor: top of the next thing drawn.</summary>
    public double Y { get; set; }

    public XFont Font(double size, bool bold = false, bool italic = false)
    {
        var style = (bold, italic) switch
        {
            (false, false) => XFontStyleEx.Regular,
            (true, false) => XFontStyleEx.Bold,
            (false, true) => XFontStyleEx.Italic,
            (true, true) => XFontStyleEx.BoldItalic,
        };
        if (!_fonts.TryGetValue((style, size), out var font))
        {
            font = new XFont(FormFonts.Family, size, style);
            _fonts[(style, size)] = font;
        }

        return font;
    }

    public void NewPage()
    {
        _gfx.Dispose();
        _gfx = AddPage();
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits above the bottom margin.</summary>
    public void EnsureSpace(double height)
    {
        if (Y + height > Bottom && Y > Top)
        {
            NewPage();
        }
    }

    public void Space(double points) => Y += points;

    /// <summary>Flows wrapped text from the cursor; lines that do not fit go to the next page.</summary>
    public void Paragraph(IReadOnlyList<Run> runs, TextAlign align = TextAlign.Left, double indent = 0, double spaceAfter = 3)
    {
        foreach (var line in Wrap(runs, Width - indent))
        {
            EnsureSpace(line.Height);
            DrawLine(line, Left + indent, Width - indent, Y, align);
            Y += line.Height;
        }

        Y += spaceAfter;
    }

    public void Paragraph(string text, XFont font, TextAlign align = TextAlign.Left, double indent = 0, double spaceAfter = 3) =>
        Paragraph([new Run(text, font)], align, indent, spaceAfter);

    /// <summary>Wrapped text in a fixed box (no page break: callers reserve the space first). Returns the height used.</summary>
    public double TextAt(IReadOnlyList<Run> runs, double x, double y, double width, TextAlign align = TextAlign.Left)
    {
        var top = y;
        foreach (var line in Wrap(runs, width))
        {
            DrawLine(line, x, width, y, align);
            y += line.Height;
        }

        return y - top;
    }

    public double MeasureHeight(IReadOnlyList<Run> runs, double width) => Wrap(runs, width).Sum(l => l.Height);

    /// <summary>
    /// Side-by-side columns of centred lines starting at the cursor (the national header, the signature blocks);
    /// kept together on one page. Each column is (x offset from the left margin, width, lines).
    /// </summary>
    public void Columns(params (double Offset, double Width, IReadOnlyList<BlockLine> Lines)[] columns)
    {
        var height = ColumnsHeight(columns);
        EnsureSpace(height);
        foreach (var (offset, width, lines) in columns)
        {
            var y = Y;
            foreach (var block in lines)
            {
                y += block.SpaceBefore;
                foreach (var line in WrapBalanced([new Run(block.Text, block.Font)], width))
                {
                    DrawLine(line, Left + offset, width, y, TextAlign.Center);
                    y += line.Height;
                }

                if (block.Rule != BlockRule.None)
                {
                    var ruleWidth = block.Rule == BlockRule.Short
                        ? width / 3
                        : Math.Min(width, Measure(VietnameseText.Nfc(block.Text), block.Font));
                    var x = Left + offset + ((width - ruleWidth) / 2);
                    y += 1.5;
                    _gfx.DrawLine(RulePen, x, y, x + ruleWidth, y);
                    y += 3;
                }
            }
        }

        Y += height;
    }

    /// <summary>Height <see cref="Columns"/> will use (to keep several blocks together on one page).</summary>
    public double ColumnsHeight(params (double Offset, double Width, IReadOnlyList<BlockLine> Lines)[] columns) =>
        columns.Max(c => ColumnHeight(c.Width, c.Lines));

    /// <summary>
    /// A bordered table across the content width. Cell text wraps and rows grow; a row that does not fit goes to
    /// the next page, where the header row is drawn again. The header is never left alone at a page bottom.
    /// </summary>
    public void Table(IReadOnlyList<TableColumn> columns, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows,
        XFont headerFont, XFont bodyFont, double spaceAfter = 4)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => c.Weight / total * Width).ToArray();
        var headerAligns = columns.Select(_ => TextAlign.Center).ToArray();
        var aligns = columns.Select(c => c.Align).ToArray();

        var headerCells = LayoutRow(header, headerFont, widths);
        var bodyRows = rows.Select(r => LayoutRow(r, bodyFont, widths)).ToList();

        EnsureSpace(headerCells.Height + (bodyRows.Count > 0 ? bodyRows[0].Height : 0));
        DrawRow(headerCells, widths, headerAligns, middle: true);
        foreach (var row in bodyRows)
        {
            if (Y + row.Height > Bottom)
            {
                NewPage();
                DrawRow(headerCells, widths, headerAligns, middle: true);
            }

            DrawRow(row, widths, aligns, middle: false);
        }

        Y += spaceAfter;
    }

    /// <summary>An OxyPlot chart across the content width, drawn as vectors in the document's font; kept on one page.</summary>
    public void Plot(OxyPlot.PlotModel model, double height, double spaceAfter = 4)
    {
        EnsureSpace(height);
        model.DefaultFont = FormFonts.Family;
        OxyPlot.IPlotModel plot = model;
        plot.Update(true);
        plot.Render(new PdfPlotRenderer(_gfx, Left, Y, (size, bold) => Font(size, bold)), new OxyPlot.OxyRect(0, 0, Width, height));
        Y += height + spaceAfter;
    }

    /// <summary>Draws an image with its top-left corner at (x, y), scaled to the given size.</summary>
    public void Image(byte[] png, double x, double y, double width, double height)
    {
        using var stream = new MemoryStream(png, writable: false);
        using var image = XImage.FromStream(stream);
        _gfx.DrawImage(image, x, y, width, height);
    }

    public byte[] ToPdf()
    {
        _gfx.Dispose();
        NumberPages();
        using var output = new MemoryStream();
        _document.Save(output, false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _gfx.Dispose();
        _document.Dispose();
    }

    /// <summary>NĐ 30/2020: pages are numbered from the second one, centred in the top margin.</summary>
    private void NumberPages()
    {
        var font = Font(12);
        for (var i = 1; i < _document.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            gfx.DrawString(number, font, XBrushes.Black, (Left + Right - gfx.MeasureString(number, font).Width) / 2, 7 * Mm, XStringFormats.TopLeft);
        }
    }

    private XGraphics AddPage()
    {
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = _orientation;
        Y = Top;
        return XGraphics.FromPdfPage(page);
    }

    private double Measure(string text, XFont font) => _gfx.MeasureString(text, font).Width;

    private double ColumnHeight(double width, IReadOnlyList<BlockLine> lines) =>
        lines.Sum(b => b.SpaceBefore + MeasureHeight([new Run(b.Text, b.Font)], width) + (b.Rule == BlockRule.None ? 0 : 4.5));

    private RowLayout LayoutRow(IReadOnlyList<string> cells, XFont font, double[] widths)
    {
        var lines = widths.Select((w, i) => Wrap([new Run(i < cells.Count ? cells[i] : string.Empty, font)], w - (2 * CellPadding))).ToArray();
        var height = lines.Max(l => l.Sum(x => x.Height)) + (2 * CellPadding);
        return new RowLayout(lines, Math.Max(height, font.GetHeight() + (2 * CellPadding)));
    }

    private void DrawRow(RowLayout row, double[] widths, TextAlign[] aligns, bool middle)
    {
        var x = Left;
        for (var i = 0; i < widths.Length; i++)
        {
            _gfx.DrawRectangle(GridPen, x, Y, widths[i], row.Height);
            var textHeight = row.Cells[i].Sum(l => l.Height);
            var y = Y + (middle ? (row.Height - textHeight) / 2 : CellPadding);
            foreach (var line in row.Cells[i])
            {
                DrawLine(line, x + CellPadding, widths[i] - (2 * CellPadding), y, aligns[i]);
                y += line.Height;
            }

            x += widths[i];
        }

        Y += row.Height;
    }

    private void DrawLine(Line line, double x, double width, double y, TextAlign align)
    {
        var start = align switch
        {
            TextAlign.Left => x,
            TextAlign.Center => x + ((width - line.Width) / 2),
            TextAlign.Right => x + width - line.Width,
        };
        foreach (var segment in line.Segments)
        {
            _gfx.DrawString(segment.Text, segment.Font, XBrushes.Black, start, y, XStringFormats.TopLeft);
            start += segment.Width;
        }
    }

    /// <summary>
    /// Greedy word wrap. Words break at spaces and explicit newlines; a word wider than the whole line (a URL, a
    /// dossier code, a name without spaces) is cut after its last fitting hyphen or slash, else between text
    /// elements, so it can never run past the edge.
    /// </summary>
    private List<Line> Wrap(IReadOnlyList<Run> runs, double width)
    {
        var lines = new List<Line>();
        var current = new List<Segment>();
        double currentWidth = 0;
        var lineHeight = runs.Count == 0 ? 0 : runs.Max(r => r.Font.GetHeight());

        void Flush()
        {
            lines.Add(new Line(current, currentWidth, lineHeight));
            current = [];
            currentWidth = 0;
        }

        void Append(string word, XFont font, bool spaceBefore)
        {
            var withSpace = spaceBefore && current.Count > 0 ? " " + word : word;
            var w = Measure(withSpace, font);
            if (current.Count > 0 && currentWidth + w > width)
            {
                Flush();
                withSpace = word;
                w = Measure(word, font);
            }

            if (current.Count > 0 && ReferenceEquals(current[^1].Font, font))
            {
                var last = current[^1];
                var merged = last.Text + withSpace;
                current[^1] = new Segment(merged, font, Measure(merged, font));
                currentWidth += current[^1].Width - last.Width;
            }
            else
            {
                current.Add(new Segment(withSpace, font, w));
                currentWidth += w;
            }
        }

        var pendingSpace = false;
        foreach (var run in runs)
        {
            var text = VietnameseText.Nfc(run.Text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\t', ' ');
            var paragraphs = text.Split('\n');
            for (var p = 0; p < paragraphs.Length; p++)
            {
                if (p > 0)
                {
                    Flush();
                    pendingSpace = false;
                }

                var parts = paragraphs[p].Split(' ');
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0)
                    {
                        pendingSpace = true;
                    }

                    if (parts[i].Length == 0)
                    {
                        continue;
                    }

                    var first = true;
                    foreach (var piece in BreakLongWord(parts[i], run.Font, width))
                    {
                        Append(piece, run.Font, first && pendingSpace);
                        first = false;
                    }

                    pendingSpace = false;
                }
            }
        }

        if (current.Count > 0 || lines.Count == 0)
        {
            Flush();
        }

        return lines;
    }

    /// <summary>
    /// Wraps into as many lines as <see cref="Wrap"/> would, but as evenly as possible, so a centred heading breaks
    /// as "TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG" rather than leaving one or two words alone on the last line.
    /// </summary>
    private List<Line> WrapBalanced(IReadOnlyList<Run> runs, double width)
    {
        var lines = Wrap(runs, width);
        if (lines.Count < 2)
        {
            return lines;
        }

        double low = 0, high = width;
        for (var i = 0; i < 14; i++)
        {
            var middle = (low + high) / 2;
            if (Wrap(runs, middle).Count == lines.Count)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return Wrap(runs, high);
    }

    private IEnumerable<string> BreakLongWord(string word, XFont font, double width)
    {
        if (Measure(word, font) <= width)
        {
            yield return word;
            yield break;
        }

        var piece = string.Empty;
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (piece.Length > 0 && Measure(piece + element, font) > width)
            {
                var cut = piece.LastIndexOfAny(['-', '/']) + 1;
                cut = cut > 0 ? cut : piece.Length;
                yield return piece[..cut];
                piece = piece[cut..];
            }

            piece += element;
        }

        if (piece.Length > 0)
        {
            yield return piece;
        }
    }

    private sealed record Segment(string Text, XFont Font, double Width);

    private sealed record Line(List<Segment> Segments, double Width, double Height);

    private sealed record RowLayout(List<Line>[] Cells, double Height);
}
