using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OneStop.Workflows.Definitions;

/// <summary>Turns JSON Schema errors into Vietnamese one-liners for the person who edits the YAML.</summary>
internal static partial class SchemaMessages
{
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["code"] = "mã thủ tục", ["version"] = "phiên bản", ["name"] = "tên", ["field"] = "lĩnh vực", ["level"] = "cấp",
        ["legalBasis"] = "căn cứ pháp lý", ["decision"] = "quyết định công bố", ["timeLimit"] = "thời hạn giải quyết",
        ["onlineLevel"] = "mức độ trực tuyến", ["supplementClock"] = "cách tính thời gian khi bổ sung", ["fees"] = "phí, lệ phí",
        ["documents"] = "thành phần hồ sơ", ["result"] = "kết quả", ["steps"] = "các bước", ["role"] = "vai trò",
        ["unit"] = "đơn vị", ["kind"] = "loại bước", ["budget"] = "thời gian của bước", ["assignment"] = "cách phân công",
        ["next"] = "bước tiếp theo", ["partner"] = "cơ quan phối hợp", ["mode"] = "cách chuyển", ["basis"] = "cách tính",
        ["amount"] = "số tiền", ["value"] = "giá trị", ["cutoff"] = "giờ chốt", ["key"] = "khóa",
    };

    public static IEnumerable<(string Pointer, string Message)> Translate(EvaluationResults results, JsonNode schema, JsonNode? instance)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in Flatten(results))
        {
            if (detail.IsValid || detail.Errors is null)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            var evaluationPath = detail.EvaluationPath.ToString();
            if (IsHypothetical(evaluationPath))
            {
                continue;
            }

            var schemaNode = Resolve(schema, Fragment(detail.SchemaLocation));
            foreach (var (keyword, libraryMessage) in detail.Errors)
            {
                foreach (var message in Describe(keyword, libraryMessage, pointer, evaluationPath, schemaNode, instance))
                {
                    if (seen.Add(message.Pointer + "\n" + message.Message))
                    {
                        yield return message;
                    }
                }
            }
        }
    }

    // A failure inside 'if' only selects then/else, and a failure inside 'not' is what 'not' wants:
    // neither is an error of the document.
    private static bool IsHypothetical(string evaluationPath) =>
        evaluationPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(s => s is "if" or "not");

    // Hierarchical output: a failing node under a passing one (an unchosen anyOf branch, say) is not an error,
    // so only invalid nodes are descended into.
    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        if (results.IsValid)
        {
            yield break;
        }

        foreach (var child in results.Details ?? [])
        {
            foreach (var nested in Flatten(child))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<(string Pointer, string Message)> Describe(
        string keyword, string libraryMessage, string pointer, string evaluationPath, JsonNode? schemaNode, JsonNode? instance)
    {
        var value = Resolve(instance, pointer);
        var where = Display(pointer);

        if (evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal))
        {
            yield return (pointer, $"trường '{where}' không có trong lược đồ (viết sai tên hoặc đặt sai chỗ?)");
            yield break;
        }

        // The schema location is the subschema that holds the keyword.
        var keywordValue = (schemaNode as JsonObject)?[keyword] ?? schemaNode;
        switch (keyword)
        {
            case "type":
                var expected = keywordValue is JsonArray types
                    ? string.Join(" hoặc ", types.Select(t => TypeName(t?.ToString())))
                    : TypeName(keywordValue?.ToString());
                var actual = TypeName(Kind(value));
                var hint = keywordValue?.ToString() == "string" && value?.GetValueKind() == JsonValueKind.Number
                    ? " (đặt giá trị trong ngoặc kép)"
                    : "";
                yield return (pointer, $"{Label(where, pointer)}: cần {expected}, nhận được {actual}{hint}");
                break;

            case "required":
                // The names come from the library's message: schema locations under then/else are not reliable pointers.
                var present = value as JsonObject;
                var missing = QuotedNames().Matches(libraryMessage).Select(m => m.Groups[1].Value)
                    .Where(r => present is null || !present.ContainsKey(r)).ToList();
                foreach (var name in missing)
                {
                    var at = where.Length == 0 ? name : where + "." + name;
                    yield return (pointer, $"thiếu trường bắt buộc '{at}'");
                }

                if (missing.Count == 0)
                {
                    yield return (pointer, $"{Label(where, pointer)}: thiếu trường bắt buộc ({libraryMessage})");
                }

                break;

            case "enum":
            case "const":
                var allowed = keywordValue is JsonArray options
                    ? string.Join(", ", options.Select(o => o?.ToString()))
                    : keywordValue?.ToString();
                yield return (pointer, $"{Label(where, pointer)}: giá trị '{value}' không hợp lệ; chọn một trong: {allowed}");
                break;

            case "pattern":
                yield return (pointer, $"{Label(where, pointer)}: giá trị '{value}' không đúng định dạng");
                break;

            case "minimum":
                yield return (pointer, $"{Label(where, pointer)}: phải ≥ {keywordValue}");
                break;

            case "exclusiveMinimum":
                yield return (pointer, $"{Label(where, pointer)}: phải > {keywordValue}");
                break;

            case "minItems":
                yield return (pointer, $"{Label(where, pointer)}: cần ít nhất {keywordValue} phần tử");
                break;

            case "minLength":
                yield return (pointer, $"{Label(where, pointer)}: quá ngắn (tối thiểu {keywordValue} ký tự)");
                break;

            default:
                yield return (pointer, $"{Label(where, pointer)}: không hợp lệ ({keyword}: {libraryMessage})");
                break;
        }
    }

    /// <summary>"steps[2].role (vai trò)" for a pointer "/steps/2/role".</summary>
    private static string Label(string where, string pointer)
    {
        if (where.Length == 0)
        {
            return "tệp";
        }

        var last = pointer[(pointer.LastIndexOf('/') + 1)..];
        return FieldLabels.TryGetValue(last, out var label) ? $"'{where}' ({label})" : $"'{where}'";
    }

    /// <summary>JSON pointer "/steps/2/role" → "steps[2].role", the way people read it in the YAML.</summary>
    internal static string Display(string pointer)
    {
        var text = new System.Text.StringBuilder();
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append('[').Append(name).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(name);
            }
        }

        return text.ToString();
    }

    private static string Fragment(Uri location)
    {
        var text = location.OriginalString;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? "" : Uri.UnescapeDataString(text[(hash + 1)..]);
    }

    internal static JsonNode? Resolve(JsonNode? root, string pointer)
    {
        var node = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static string? Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static string TypeName(string? type) => type switch
    {
        "string" => "chuỗi",
        "integer" => "số nguyên",
        "number" => "số",
        "boolean" => "true/false",
        "array" => "danh sách",
        "object" => "nhóm trường (khóa: giá trị)",
        "null" => "giá trị rỗng",
        _ => type ?? "?",
    };

    [System.Text.RegularExpressions.GeneratedRegex("\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex QuotedNames();
}
