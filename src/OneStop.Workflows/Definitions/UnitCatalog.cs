namespace OneStop.Workflows.Definitions;

/// <summary>A unit function (chức năng đơn vị) from workflows/units.yaml; a commune maps its real units onto these.</summary>
/// <param name="Key">Stable key named by steps (e.g. <c>office</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="IsPartner">True for agencies outside the commune People's Committee (liên thông partners).</param>
public sealed record UnitFunction(string Key, string Name, bool IsPartner, string? Duties);

/// <summary>The catalogue of unit functions.</summary>
public sealed class UnitCatalog
{
    public const string FileName = "units.yaml";

    private readonly Dictionary<string, UnitFunction> byKey;

    public UnitCatalog(IEnumerable<UnitFunction> units)
    {
        byKey = units.ToDictionary(u => u.Key, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<UnitFunction> All => byKey.Values;

    public bool TryGet(string key, out UnitFunction unit) => byKey.TryGetValue(key, out unit!);

    /// <summary>Reads units.yaml; problems are reported with file:line, valid entries are kept.</summary>
    public static UnitCatalog Load(string file, List<DefinitionProblem> problems)
    {
        var units = new List<UnitFunction>();
        var parsed = YamlJson.Parse(file, File.ReadAllText(file), problems);
        if (parsed is null)
        {
            return new UnitCatalog(units);
        }

        if (parsed.Root is not System.Text.Json.Nodes.JsonObject root
            || root["units"] is not System.Text.Json.Nodes.JsonArray list)
        {
            problems.Add(new DefinitionProblem(file, 1, "thiếu danh sách 'units'"));
            return new UnitCatalog(units);
        }

        for (var i = 0; i < list.Count; i++)
        {
            var pointer = $"/units/{i}";
            var line = parsed.LineOf(pointer);
            if (list[i] is not System.Text.Json.Nodes.JsonObject item
                || item["key"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
                || item["name"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                problems.Add(new DefinitionProblem(file, line, "mỗi đơn vị cần 'key' và 'name' dạng chuỗi"));
                continue;
            }

            var key = item["key"]!.GetValue<string>();
            if (units.Any(u => u.Key == key))
            {
                problems.Add(new DefinitionProblem(file, parsed.LineOf(pointer + "/key"), $"đơn vị '{key}' bị khai báo trùng"));
                continue;
            }

            var isPartner = item["partner"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            units.Add(new UnitFunction(key, item["name"]!.GetValue<string>(), isPartner, item["duties"]?.ToString()));
        }

        return new UnitCatalog(units);
    }
}
