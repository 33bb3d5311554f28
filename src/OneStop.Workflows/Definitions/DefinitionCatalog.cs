using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Json.Schema;

namespace OneStop.Workflows.Definitions;

/// <summary>
/// The procedure catalogue read from a workflows folder: <c>units.yaml</c>, <c>procedure.schema.json</c> and one
/// <c>&lt;code&gt;-&lt;slug&gt;.yaml</c> per procedure (sub-folders such as <c>calendar/</c> are not read).
/// Every file is checked in two stages — (a) YAML syntax and the JSON Schema, (b) the rules the schema cannot say
/// (see <see cref="DefinitionRules"/>) — and only files that pass both are in <see cref="Definitions"/>.
/// </summary>
public sealed class DefinitionCatalog
{
    public const string SchemaFileName = "procedure.schema.json";

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private DefinitionCatalog(IReadOnlyList<ProcedureDefinition> definitions, UnitCatalog units, IReadOnlyList<DefinitionProblem> problems)
    {
        Definitions = definitions;
        Units = units;
        Problems = problems;
    }

    /// <summary>Valid definitions, ordered by code then version.</summary>
    public IReadOnlyList<ProcedureDefinition> Definitions { get; }

    public UnitCatalog Units { get; }

    /// <summary>Every problem found, in file order; empty when the whole catalogue is valid.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }

    public bool IsValid => Problems.Count == 0;

    /// <summary>Latest version of a procedure, or null.</summary>
    public ProcedureDefinition? Find(string code) =>
        Definitions.Where(d => d.Code == code).MaxBy(d => d.Version);

    public ProcedureDefinition? Find(string code, int version) =>
        Definitions.FirstOrDefault(d => d.Code == code && d.Version == version);

    /// <summary>Loads every procedure file directly in <paramref name="workflowsDir"/>.</summary>
    public static DefinitionCatalog Load(string workflowsDir)
    {
        var files = Directory.Exists(workflowsDir)
            ? Directory.EnumerateFiles(workflowsDir)
                .Where(IsProcedureFile)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Load(workflowsDir, files);
    }

    /// <summary>
    /// Checks the given procedure files against the schema and unit catalogue of <paramref name="workflowsDir"/>
    /// (used to validate one file, or files kept elsewhere such as test fixtures).
    /// </summary>
    public static DefinitionCatalog Load(string workflowsDir, IEnumerable<string> procedureFiles)
    {
        var problems = new List<DefinitionProblem>();
        var schemaFile = Path.Combine(workflowsDir, SchemaFileName);
        var unitsFile = Path.Combine(workflowsDir, UnitCatalog.FileName);
        if (!File.Exists(schemaFile))
        {
            problems.Add(new DefinitionProblem(schemaFile, 1, "không tìm thấy lược đồ thủ tục"));
            return new DefinitionCatalog([], new UnitCatalog([]), problems);
        }

        var units = File.Exists(unitsFile)
            ? UnitCatalog.Load(unitsFile, problems)
            : new UnitCatalog([]);
        if (!File.Exists(unitsFile))
        {
            problems.Add(new DefinitionProblem(unitsFile, 1, "không tìm thấy danh mục đơn vị"));
        }

        var schemaText = File.ReadAllText(schemaFile);
        var schemaNode = JsonNode.Parse(schemaText)!;
        // A private registry: the schema has an $id, and the global registry refuses a second, different copy.
        var schema = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

        var definitions = new List<ProcedureDefinition>();
        foreach (var file in procedureFiles)
        {
            var definition = LoadFile(file, schema, schemaNode, units, problems);
            if (definition is not null)
            {
                definitions.Add(definition);
            }
        }

        foreach (var duplicate in definitions.GroupBy(d => (d.Code, d.Version)).Where(g => g.Count() > 1))
        {
            foreach (var d in duplicate.Skip(1))
            {
                problems.Add(new DefinitionProblem(d.SourceFile, 1,
                    $"thủ tục '{d.Code}' phiên bản {d.Version.ToString(CultureInfo.InvariantCulture)} đã có ở tệp {duplicate.First().SourceFile}"));
            }
        }

        var valid = definitions
            .Where(d => !problems.Any(p => p.File == d.SourceFile))
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Version)
            .ToList();
        return new DefinitionCatalog(valid, units, problems);
    }

    internal static bool IsProcedureFile(string path)
    {
        var name = Path.GetFileName(path);
        return (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            && !string.Equals(name, UnitCatalog.FileName, StringComparison.OrdinalIgnoreCase);
    }

    private static ProcedureDefinition? LoadFile(string file, JsonSchema schema, JsonNode schemaNode, UnitCatalog units, List<DefinitionProblem> problems)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (IOException ex)
        {
            problems.Add(new DefinitionProblem(file, 1, "không đọc được tệp: " + ex.Message));
            return null;
        }

        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(bytes).TrimStart('\uFEFF');

        // Stage (a): syntax, then schema.
        var parsed = YamlJson.Parse(file, text, problems);
        if (parsed is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(parsed.Root?.ToJsonString() ?? "null");
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (!results.IsValid)
        {
            var schemaProblems = SchemaMessages.Translate(results, schemaNode, parsed.Root)
                .Select(e => new DefinitionProblem(file, parsed.LineOf(e.Pointer), e.Message))
                .OrderBy(p => p.Line)
                .ToList();
            if (schemaProblems.Count == 0)
            {
                schemaProblems.Add(new DefinitionProblem(file, 1, "tệp không khớp lược đồ thủ tục"));
            }

            problems.AddRange(schemaProblems);
            return null;
        }

        ProcedureDefinition definition;
        try
        {
            definition = parsed.Root.Deserialize<ProcedureDefinition>(JsonOptions)!;
        }
        catch (JsonException ex)
        {
            problems.Add(new DefinitionProblem(file, 1, "không đọc được định nghĩa: " + ex.Message));
            return null;
        }

        definition = definition with { SourceFile = file, ContentHash = ContentHash.Compute(bytes) };

        // Stage (b): rules across fields and files.
        var before = problems.Count;
        foreach (var (pointer, message) in DefinitionRules.Check(definition, Path.GetFileName(file), units))
        {
            problems.Add(new DefinitionProblem(file, parsed.LineOf(pointer), message));
        }

        return problems.Count == before ? definition : null;
    }
}
