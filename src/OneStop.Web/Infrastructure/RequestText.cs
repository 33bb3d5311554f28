using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;

namespace OneStop.Web.Infrastructure;

/// <summary>
/// Text as the app accepts it, checked once at the edge: PostgreSQL cannot store a NUL character, a lone surrogate is
/// no text at all, and text is kept in NFC (STYLE.md). Without this a NUL in a name or a search was a 500.
/// </summary>
public static class RequestText
{
    /// <summary>No NUL character and no lone surrogate.</summary>
    public static bool IsValid(string text) => !text.Contains('\0') && HasNoLoneSurrogate(text);

    private static bool HasNoLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>JSON strings of API bodies: refused (400) with a NUL or a lone surrogate, otherwise read in NFC.</summary>
    public sealed class JsonConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? text;
            try
            {
                text = reader.GetString();
            }
            catch (InvalidOperationException e)
            {
                throw new JsonException("Chuỗi ký tự không hợp lệ.", e);
            }
            if (text is not null && !IsValid(text))
            {
                throw new JsonException("Chuỗi ký tự chứa ký tự không hợp lệ.");
            }
            return text?.Normalize(NormalizationForm.FormC);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>
    /// Refuses, before any handler runs, a query string with a NUL character (400) and a body declared in a charset
    /// other than UTF-8 (415; the JSON reader would otherwise fail with a 500 on an unknown one).
    /// </summary>
    public static async Task GuardAsync(HttpContext ctx, Func<Task> next)
    {
        if (ctx.Request.Query.Any(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true)))
        {
            await RefuseAsync(ctx, StatusCodes.Status400BadRequest, "bad-request", "Địa chỉ yêu cầu chứa ký tự không hợp lệ.");
            return;
        }
        if (MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var type) && type.Charset.HasValue
            && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(ctx, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Chỉ nhận dữ liệu mã hóa UTF-8.");
            return;
        }
        await next();
    }

    private static Task RefuseAsync(HttpContext ctx, int status, string type, string title)
    {
        ctx.Response.StatusCode = status;
        return ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            ProblemDetails = { Status = status, Title = title, Type = Problems.TypePrefix + type },
        }).AsTask();
    }
}
