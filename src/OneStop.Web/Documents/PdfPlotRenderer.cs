using OxyPlot;
using PdfSharp.Drawing;

namespace OneStop.Web.Documents;

/// <summary>
/// OxyPlot's <see cref="IRenderContext"/> on a PDFsharp page: a chart is drawn as vectors in the document's own
/// embedded font, at an offset on the page (OxyPlot units are taken as PDF points). Text goes through
/// <see cref="VietnameseText.Nfc"/> like everything else the forms draw.
/// </summary>
internal sealed class PdfPlotRenderer(XGraphics gfx, double left, double top, Func<double, bool, XFont> font) : RenderContextBase
{
    private readonly Stack<XGraphicsState> _clips = new();

    public override int ClipCount => _clips.Count;

    public override void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode,
        double[]? dashArray, LineJoin lineJoin)
    {
        if (points.Count >= 2 && Pen(stroke, thickness, dashArray, lineJoin) is { } pen)
        {
            gfx.DrawLines(pen, [.. points.Select(Point)]);
        }
    }

    public override void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness,
        EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin)
    {
        if (points.Count < 2)
        {
            return;
        }
        var corners = points.Select(Point).ToArray();
        var pen = Pen(stroke, thickness, dashArray, lineJoin);
        XBrush? brush = fill.IsVisible() ? new XSolidBrush(Color(fill)) : null;
        if (pen is not null && brush is not null)
        {
            gfx.DrawPolygon(pen, brush, corners, XFillMode.Winding);
        }
        else if (brush is not null)
        {
            gfx.DrawPolygon(brush, corners, XFillMode.Winding);
        }
        else if (pen is not null)
        {
            gfx.DrawPolygon(pen, corners);
        }
    }

    public override void DrawText(ScreenPoint p, string text, OxyColor fill, string fontFamily, double fontSize, double fontWeight,
        double rotation, HorizontalAlignment horizontalAlignment, VerticalAlignment verticalAlignment, OxySize? maxSize)
    {
        if (string.IsNullOrEmpty(text) || !fill.IsVisible())
        {
            return;
        }
        text = VietnameseText.Nfc(text);
        var f = font(fontSize, fontWeight >= FontWeights.Bold);
        var size = gfx.MeasureString(text, f);
        var dx = horizontalAlignment switch
        {
            HorizontalAlignment.Center => -size.Width / 2,
            HorizontalAlignment.Right => -size.Width,
            _ => 0,
        };
        var dy = verticalAlignment switch
        {
            VerticalAlignment.Middle => -size.Height / 2,
            VerticalAlignment.Bottom => -size.Height,
            _ => 0,
        };
        var state = gfx.Save();
        gfx.TranslateTransform(left + p.X, top + p.Y);
        if (rotation != 0)
        {
            gfx.RotateTransform(rotation);
        }
        gfx.DrawString(text, f, new XSolidBrush(Color(fill)), dx, dy, XStringFormats.TopLeft);
        gfx.Restore(state);
    }

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        if (string.IsNullOrEmpty(text))
        {
            return OxySize.Empty;
        }
        var size = gfx.MeasureString(VietnameseText.Nfc(text), font(fontSize, fontWeight >= FontWeights.Bold));
        return new OxySize(size.Width, size.Height);
    }

    public override void PushClip(OxyRect clippingRectangle)
    {
        _clips.Push(gfx.Save());
        gfx.IntersectClip(new XRect(left + clippingRectangle.Left, top + clippingRectangle.Top, clippingRectangle.Width, clippingRectangle.Height));
    }

    public override void PopClip() => gfx.Restore(_clips.Pop());

    private XPoint Point(ScreenPoint p) => new(left + p.X, top + p.Y);

    private static XColor Color(OxyColor c) => XColor.FromArgb(c.A, c.R, c.G, c.B);

    private static XPen? Pen(OxyColor stroke, double thickness, double[]? dashArray, LineJoin lineJoin)
    {
        if (!stroke.IsVisible() || thickness <= 0)
        {
            return null;
        }
        var pen = new XPen(Color(stroke), thickness)
        {
            LineJoin = lineJoin switch
            {
                LineJoin.Round => XLineJoin.Round,
                LineJoin.Bevel => XLineJoin.Bevel,
                _ => XLineJoin.Miter,
            },
        };
        if (dashArray is { Length: > 0 })
        {
            // XPen dash lengths are in multiples of the line width.
            pen.DashPattern = [.. dashArray.Select(d => d / thickness)];
        }
        return pen;
    }
}
