using NUnit.Framework;
using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Tests.Definitions;

[TestFixture]
public sealed class CatalogTests
{
    private static readonly DefinitionCatalog Catalog = DefinitionCatalog.Load(TestPaths.Workflows);

    [Test]
    public void Every_file_in_the_repository_workflows_folder_is_valid()
    {
        Assert.That(Catalog.Problems.Select(p => p.ToString()), Is.Empty);
    }

    [Test]
    public void Catalogue_holds_at_least_twelve_procedures_with_the_required_codes()
    {
        string[] required =
        [
            "1.001193", "1.000894", "1.000656", "1.004873", "2.000815", "2.000884", "2.000635", "2.000908",
            "1.001776", "1.014027", "1.001699", "1.004859", "1.013967", "1.004222",
        ];

        Assert.That(Catalog.Definitions, Has.Count.GreaterThanOrEqualTo(12));
        Assert.That(Catalog.Definitions.Select(d => d.Code), Is.SupersetOf(required));
    }

    [Test]
    public void Catalogue_has_an_inter_agency_procedure_that_hands_over_to_police_and_social_insurance()
    {
        var group = Catalog.Definitions.Where(d => d.IsInterAgency).SelectMany(d => d.Steps).Where(s => s.Kind == StepKind.Transfer).ToList();

        Assert.That(group.Select(s => s.Partner), Is.SupersetOf(new[] { "police", "social-insurance" }));
        Assert.That(group.All(s => s.Mode == TransferMode.Electronic), Is.True);
    }

    [Test]
    public void Birth_registration_is_same_day_with_a_15_00_cutoff()
    {
        var birth = Catalog.Find("1.001193")!;

        Assert.That(birth.TimeLimit.Unit, Is.EqualTo(TimeLimitUnit.SameDay));
        Assert.That(birth.TimeLimit.CutoffTime, Is.EqualTo(new TimeOnly(15, 0)));
        Assert.That(birth.SupplementClock, Is.EqualTo(SupplementClock.Pause));
        Assert.That(birth.Name, Is.EqualTo("Đăng ký khai sinh"));
    }

    [Test]
    public void Social_allowance_runs_ten_working_days_from_culture_society_to_the_chairman()
    {
        var allowance = Catalog.Find("1.001776")!;

        Assert.That(allowance.TimeLimit.WorkingHours, Is.EqualTo(80m));
        Assert.That(allowance.Steps.Sum(s => s.Budget.WorkingHours), Is.EqualTo(80m));
        Assert.That(allowance.Steps.Select(s => s.Unit), Is.SupersetOf(new[] { "culture-society", "leadership" }));
    }

    [Test]
    public void Loaded_definitions_record_their_content_hash_and_source_file()
    {
        var birth = Catalog.Find("1.001193")!;
        var expected = ContentHash.Compute(File.ReadAllBytes(birth.SourceFile));

        Assert.That(birth.ContentHash, Is.EqualTo(expected));
        Assert.That(birth.ContentHash, Has.Length.EqualTo(64));
    }

    [Test]
    public void Schema_role_list_matches_the_Role_enum()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Workflows, DefinitionCatalog.SchemaFileName)))!;
        var roles = schema["$defs"]!["step"]!["properties"]!["role"]!["enum"]!.AsArray().Select(r => r!.GetValue<string>());

        Assert.That(roles, Is.EqualTo(Enum.GetNames<Role>().Select(n => char.ToLowerInvariant(n[0]) + n[1..])));
    }

    [Test]
    public void Validating_a_single_file_uses_the_schema_and_units_of_its_folder()
    {
        var one = DefinitionCatalog.Load(TestPaths.Workflows, [Catalog.Find("2.000815")!.SourceFile]);

        Assert.That(one.Problems, Is.Empty);
        Assert.That(one.Definitions.Select(d => d.Code), Is.EqualTo(new[] { "2.000815" }));
    }
}
