using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OneStop.Workflows.Definitions;

/// <summary>A YAML document converted to JSON, with the YAML line of every JSON pointer.</summary>
internal sealed class ParsedYaml(JsonNode? root, Dictionary<string, int> lines)
{
    public JsonNode? Root { get; } = root;

    /// <summary>
    /// Line of the property name (for object members) or of the item (for array items) at <paramref name="pointer"/>;
    /// falls back to the nearest ancestor that exists, then to line 1.
    /// </summary>
    public int LineOf(string pointer)
    {
        var p = pointer;
        while (true)
        {
            if (lines.TryGetValue(p, out var line))
            {
                return line;
            }

            var cut = p.LastIndexOf('/');
            if (cut < 0)
            {
                return 1;
            }

            p = p[..cut];
        }
    }
}

/// <summary>
/// Converts YAML (RepresentationModel) to System.Text.Json nodes so the same JSON Schema serves editors and the
/// validator. Scalar typing follows the YAML 1.2 core schema for plain scalars only: quoted text is always a string,
/// so <c>code: "1.001193"</c> stays text while <c>code: 1.001193</c> becomes a number the schema rejects.
/// </summary>
internal static partial class YamlJson
{
    public static ParsedYaml? Parse(string file, string text, List<DefinitionProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            problems.Add(new DefinitionProblem(file, ToLine(ex.Start.Line), "lỗi cú pháp YAML: " + StripMark(ex)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18.1 throws this instead of a YamlException for some unclosed flow collections ("[a").
            problems.Add(new DefinitionProblem(file, LastGoodLine(text), "lỗi cú pháp YAML: cấu trúc không đóng (kiểm tra dấu ngoặc [ ] { } và dấu nháy)"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            problems.Add(new DefinitionProblem(file, 1, "tệp rỗng"));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(new DefinitionProblem(file, ToLine(stream.Documents[1].RootNode.Start.Line), "mỗi tệp chỉ được chứa một tài liệu YAML (bỏ dấu '---' thứ hai)"));
            return null;
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal) { [""] = 1 };
        var before = problems.Count;
        var root = Convert(stream.Documents[0].RootNode, "", lines, file, problems);
        return problems.Count == before ? new ParsedYaml(root, lines) : null;
    }

    private static JsonNode? Convert(YamlNode node, string pointer, Dictionary<string, int> lines, string file, List<DefinitionProblem> problems)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        problems.Add(new DefinitionProblem(file, ToLine(keyNode.Start.Line), "khóa phải là một chuỗi đơn giản"));
                        continue;
                    }

                    if (obj.ContainsKey(key))
                    {
                        problems.Add(new DefinitionProblem(file, ToLine(keyNode.Start.Line), $"khóa '{key}' bị lặp lại"));
                        continue;
                    }

                    var child = pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    lines[child] = ToLine(keyNode.Start.Line);
                    obj[key] = Convert(valueNode, child, lines, file, problems);
                }

                return obj;

            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var child = pointer + "/" + i.ToString(CultureInfo.InvariantCulture);
                    lines[child] = ToLine(sequence.Children[i].Start.Line);
                    array.Add(Convert(sequence.Children[i], child, lines, file, problems));
                }

                return array;

            case YamlScalarNode scalar:
                return Scalar(scalar);

            default:
                problems.Add(new DefinitionProblem(file, ToLine(node.Start.Line), "không hỗ trợ nút YAML loại này (alias?)"));
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    /// <summary>Line of the last YAML event the parser could read: where the broken construct starts.</summary>
    private static int LastGoodLine(string text)
    {
        var parser = new Parser(new StringReader(text));
        long line = 1;
        try
        {
            while (parser.MoveNext())
            {
                line = parser.Current?.Start.Line ?? line;
            }
        }
        catch (Exception)
        {
            // Expected: the same error that stopped the loader.
        }

        return ToLine(line);
    }

    // YamlDotNet marks are 1-based already.
    private static int ToLine(long line) => (int)Math.Max(1, line);

    // YamlException.Message repeats the position as "(Line: 3, Col: 5, Idx: 20) - (…): "; the caller prints file:line.
    private static string StripMark(YamlException ex) => MarkPrefix().Replace(ex.Message, "");

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
