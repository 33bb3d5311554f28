using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace OneStop.Web.Tests.Security;

/// <summary>
/// One request being built: route values and query values are already URL-encoded (so invalid UTF-8 and lone
/// surrogates can be sent as raw %-escapes), the JSON body is a tree whose "@@FUZZn@@" strings are replaced by raw
/// JSON text on rendering (literals System.Text.Json would refuse to write, e.g. "\ud800" or 1e400).
/// </summary>
public sealed class FuzzDraft
{
    public required DiscoveredEndpoint Endpoint { get; init; }
    public string Method { get; set; } = "GET";
    public Dictionary<string, string> Route { get; init; } = [];
    public List<KeyValuePair<string, string>> Query { get; init; } = [];
    public Dictionary<string, string> Headers { get; init; } = [];
    public JsonNode? Json { get; set; }
    public Dictionary<string, string> Literals { get; } = [];
    /// <summary>A body sent as is instead of <see cref="Json"/> (malformed JSON, multipart, wrong content type …).</summary>
    public (byte[] Bytes, string? ContentType)? Raw { get; set; }
    public bool Anonymous { get; set; }
    public List<string> Notes { get; } = [];

    public FuzzDraft Clone() => new FuzzDraft
    {
        Endpoint = Endpoint,
        Method = Method,
        Route = new(Route),
        Query = [.. Query],
        Headers = new(Headers),
        Json = Json?.DeepClone(),
        Raw = Raw,
        Anonymous = Anonymous,
    }.WithLiterals(Literals).WithNotes(Notes);

    private FuzzDraft WithLiterals(Dictionary<string, string> literals)
    {
        foreach (var (k, v) in literals)
        {
            Literals[k] = v;
        }
        return this;
    }

    private FuzzDraft WithNotes(List<string> notes)
    {
        Notes.AddRange(notes);
        return this;
    }

    public string Url()
    {
        var route = ((Microsoft.AspNetCore.Routing.RouteEndpoint)Endpoint.Endpoint).RoutePattern.RawText!;
        var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{([^}:?]+)[^}]*\}", m => Route[m.Groups[1].Value]);
        return "/" + path.TrimStart('/') + (Query.Count == 0 ? "" : "?" + string.Join("&", Query.Select(q => q.Key + "=" + q.Value)));
    }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url());
        if (Raw is { } raw)
        {
            request.Content = new ByteArrayContent(raw.Bytes);
            if (raw.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", raw.ContentType);
            }
        }
        else if (Json is not null)
        {
            var text = Json.ToJsonString();
            foreach (var (marker, literal) in Literals)
            {
                text = text.Replace($"\"{marker}\"", literal, StringComparison.Ordinal);
            }
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public override string ToString() => $"{Method} {Truncate(Url())} [{string.Join("; ", Notes.Select(Truncate))}]";

    private static string Truncate(string s) => s.Length > 160 ? s[..160] + $"…({s.Length})" : s;
}

/// <summary>The small grammar of bad values, per kind of parameter, and the mutations built from them.</summary>
public static class BadInputGrammar
{
    public const int Megabyte = 1024 * 1024;

    /// <summary>Bad JSON values (raw JSON text), used for every field whatever its type.</summary>
    public static readonly string[] JsonValues =
    [
        "null", "0", "-1", "1.5", "2147483648", "-9223372036854775809", "1e400", "99999999999999999999999999", "true", "[]", "{}",
        "[1,2,3]", """{"a":{"b":1}}""", "\"\"", "\" \"", "\"abc\"", "\"<script>alert(1)</script>\"", "\"' OR '1'='1' --\"",
        "\"'; DROP TABLE dossiers; --\"", "\"\\ud800\"", "\"x\\udfffy\"", "\"Nguye\\u0302\\u0303n Thi\\u0323 Hoa\"", "\"\\u0000\"",
        "\"a\\u0000b\"", "\"2026-02-30\"", "\"2026-02-30T08:00:00+07:00\"", "\"0000-00-00\"", "\"9999-12-31T23:59:59Z\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-guid\"", "\"\\u202Egnp.exe\"", "\"Ｈ９９.１００\"", "\"${jndi:ldap://x/a}\"",
        "\"../../etc/passwd\"", "\"\\r\\n\\t\"", "\"%00\"", "\"" + string.Concat(Enumerable.Repeat("ễ", 10_000)) + "\"",
    ];

    /// <summary>A one-megabyte string (sent once per field; the random phase leaves it out to keep the run short).</summary>
    public static readonly string HugeJson = "\"" + new string('a', Megabyte) + "\"";

    /// <summary>Bad values for route segments and query strings, already URL-encoded (invalid UTF-8 and surrogates as raw escapes).</summary>
    public static readonly string[] UrlValues =
    [
        "", "%20", "abc", "-1", "0", "2147483648", "1e400", "NaN", "true", "2026-02-30", "2026-13-01", "31%2F12%2F2026",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", Uri.EscapeDataString("<script>alert(1)</script>"),
        Uri.EscapeDataString("' OR 1=1 --"), "%FF%FE", "%C3%28", "%ED%A0%80", "%00", Uri.EscapeDataString("Nguye\u0302\u0303n"),
        Uri.EscapeDataString("..%2F..%2Fetc%2Fpasswd"), "%2e%2e", Uri.EscapeDataString(new string('x', 10_000)),
        Uri.EscapeDataString("H99.100-261123-0001'--"), Uri.EscapeDataString("１.０００６５６"),
    ];

    public static readonly string[] HeaderValues =
    [
        "", "abc", "\"-1\"", "W/\"99999999999\"", "*", "\"\"", "'; DROP TABLE dossiers; --", new string('k', 10_000), "\"1\", \"2\"",
    ];

    /// <summary>Whole bodies that are not what the endpoint reads.</summary>
    public static IEnumerable<(string Note, byte[] Bytes, string? ContentType)> Bodies()
    {
        (string, byte[], string?) Text(string note, string body, string? type = "application/json") => (note, Encoding.UTF8.GetBytes(body), type);
        yield return Text("empty JSON body", "");
        yield return Text("not JSON", "hello");
        yield return Text("truncated JSON", "{\"procedureCode\":");
        yield return Text("JSON array", "[]");
        yield return Text("JSON null", "null");
        yield return Text("JSON string", "\"x\"");
        yield return Text("JSON number", "42");
        yield return Text("comments and trailing comma", "{/* x */ \"a\": 1,}");
        yield return Text("duplicate keys", "{\"note\":\"a\",\"note\":\"b\"}");
        yield return Text("nested 5000 deep", new string('[', 5000) + new string(']', 5000));
        yield return Text("JSON as text/plain", "{}", "text/plain");
        yield return Text("XML", "<dossier/>", "application/xml");
        yield return Text("form-urlencoded", "a=b&c=d", "application/x-www-form-urlencoded");
        yield return Text("no content type", "{}", null);
        yield return Text("bad charset", "{}", "application/json; charset=klingon");
        yield return Text("multipart without boundary", "--x\r\n", "multipart/form-data");
        yield return ("invalid UTF-8 in a string", [.. "{\"note\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], "application/json");
        yield return ("UTF-16 body", Encoding.Unicode.GetBytes("{\"note\":\"x\"}"), "application/json");
        yield return ("BOM then JSON", [0xEF, 0xBB, 0xBF, .. "{}"u8], "application/json");
        yield return ("1 MB of JSON whitespace", [.. "{"u8, .. Enumerable.Repeat((byte)' ', Megabyte), .. "}"u8], "application/json");
    }

    /// <summary>Uploads: wrong content types, wrong magic bytes, empty, oversized, hostile file names, broken multipart.</summary>
    public static IEnumerable<(string Note, byte[] Bytes, string? ContentType)> Uploads(long maxBytes)
    {
        byte[] pdf = [.. "%PDF-1.4\n"u8, .. Enumerable.Repeat((byte)'x', 100)];
        yield return Multipart("PDF labelled image/png", "file", "a.png", "image/png", pdf);
        yield return Multipart("EXE named .pdf", "file", "a.pdf", "application/pdf", [.. "MZ\x90\0"u8, .. Enumerable.Repeat((byte)0, 100)]);
        yield return Multipart("HTML named .pdf", "file", "a.pdf", "application/pdf", "<html><script>alert(1)</script></html>"u8.ToArray());
        yield return Multipart("empty file", "file", "a.pdf", "application/pdf", []);
        yield return Multipart("one byte over the limit", "file", "a.pdf", "application/pdf", [.. pdf, .. new byte[maxBytes + 1 - pdf.Length]]);
        yield return Multipart("twice the limit", "file", "a.pdf", "application/pdf", [.. pdf, .. new byte[2 * maxBytes]]);
        yield return Multipart("path in the file name", "file", "../../../etc/passwd.pdf", "application/pdf", pdf);
        yield return Multipart("script in the file name", "file", "<script>alert(1)</script>.pdf", "application/pdf", pdf);
        yield return Multipart("300-character file name", "file", new string('n', 300) + ".pdf", "application/pdf", pdf);
        yield return Multipart("non-NFC file name", "file", "Nguye\u0302\u0303n.pdf", "application/pdf", pdf);
        yield return Multipart("wrong field name", "tep", "a.pdf", "application/pdf", pdf);
        yield return Multipart("truncated PNG magic", "file", "a.png", "image/png", [0x89, 0x50, 0x4E]);
        var broken = Multipart("", "file", "a.pdf", "application/pdf", pdf);
        yield return ("multipart cut short", broken.Bytes[..(broken.Bytes.Length / 2)], broken.ContentType);
        yield return ("multipart with a wrong boundary", broken.Bytes, "multipart/form-data; boundary=nicht-da");
        yield return ("PDF sent raw as application/pdf", pdf, "application/pdf");
    }

    private static (string Note, byte[] Bytes, string? ContentType) Multipart(string note, string field, string fileName, string type, byte[] content)
    {
        using var form = new MultipartFormDataContent("fuzz-boundary");
        var file = new ByteArrayContent(content);
        file.Headers.TryAddWithoutValidation("Content-Type", type);
        form.Add(file, field, fileName);
        using var stream = new MemoryStream();
        form.CopyTo(stream, null, default);
        return (note, stream.ToArray(), form.Headers.ContentType!.ToString());
    }

    /// <summary>Query parameters of a handler: simple-typed parameters that are not route values, headers, services or the body.</summary>
    public static IEnumerable<string> QueryParameters(DiscoveredEndpoint endpoint, IServiceProvider services)
    {
        if (endpoint.Handler is not { } handler)
        {
            yield break;
        }
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        foreach (var p in handler.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var q in p.ParameterType.GetConstructors().Single().GetParameters())
                {
                    yield return Camel(q.Name!);
                }
            }
            else if (IsSimple(p.ParameterType) && p.GetCustomAttribute<FromHeaderAttribute>() is null
                && !endpoint.RouteParameters.Contains(p.Name!, StringComparer.OrdinalIgnoreCase) && !isService.IsService(p.ParameterType)
                && p.ParameterType != typeof(CancellationToken))
            {
                yield return p.Name!;
            }
        }
    }

    public static IEnumerable<string> HeaderParameters(DiscoveredEndpoint endpoint) =>
        endpoint.Handler?.GetParameters().Select(p => p.GetCustomAttribute<FromHeaderAttribute>()?.Name).OfType<string>() ?? [];

    /// <summary>The JSON body type, if the handler reads one.</summary>
    public static Type? BodyType(DiscoveredEndpoint endpoint, IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        return endpoint.Handler?.GetParameters()
            .Where(p => p.GetCustomAttribute<FromHeaderAttribute>() is null && p.GetCustomAttribute<AsParametersAttribute>() is null
                && !IsSimple(p.ParameterType) && !isService.IsService(p.ParameterType)
                && p.ParameterType != typeof(HttpContext) && p.ParameterType != typeof(System.Security.Claims.ClaimsPrincipal)
                && p.ParameterType != typeof(CancellationToken))
            .Select(p => Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)
            .SingleOrDefault();
    }

    /// <summary>JSON paths of a body type's properties (camelCase), into nested objects and the first element of lists.</summary>
    public static IEnumerable<object[]> FieldPaths(Type type, int depth = 0)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            object[] path = [Camel(property.Name)];
            yield return path;
            if (depth >= 2)
            {
                continue;
            }
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = t.IsGenericType && t.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(t)
                ? t.GetGenericArguments()[0] : null;
            if (element is not null && !IsSimple(element))
            {
                foreach (var sub in FieldPaths(element, depth + 1))
                {
                    yield return [.. path, 0, .. sub];
                }
            }
            else if (element is null && !IsSimple(t) && t != typeof(System.Text.Json.JsonElement))
            {
                foreach (var sub in FieldPaths(t, depth + 1))
                {
                    yield return [.. path, .. sub];
                }
            }
        }
    }

    /// <summary>Sets (or, with a null literal, removes) the value at <paramref name="path"/>, creating objects and arrays on the way.</summary>
    public static void Set(FuzzDraft draft, object[] path, string? literal)
    {
        draft.Json ??= new JsonObject();
        if (draft.Json is not JsonObject)
        {
            return;
        }
        JsonNode node = draft.Json;
        for (var i = 0; i < path.Length - 1; i++)
        {
            JsonNode? next = path[i] switch
            {
                string name => node is JsonObject o ? o[name] : null,
                int index => node is JsonArray a && a.Count > index ? a[index] : null,
                _ => null,
            };
            if (next is null || next is JsonValue)
            {
                next = path[i + 1] is int ? new JsonArray(new JsonObject()) : new JsonObject();
                if (node is JsonObject o)
                {
                    o[(string)path[i]] = next;
                }
                else if (node is JsonArray a)
                {
                    if (a.Count == 0)
                    {
                        a.Add(next);
                    }
                    else
                    {
                        a[0] = next;
                    }
                }
            }
            node = next;
        }
        if (node is not JsonObject target)
        {
            return;
        }
        var last = (string)path[^1];
        if (literal is null)
        {
            target.Remove(last);
            return;
        }
        var marker = $"@@FUZZ{draft.Literals.Count}@@";
        draft.Literals[marker] = literal;
        target[last] = marker;
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(DateOnly) || t == typeof(DateTimeOffset)
            || t == typeof(DateTime) || t == typeof(decimal);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
