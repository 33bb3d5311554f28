using NUnit.Framework;
using OneStop.Workflows.Definitions;

namespace OneStop.Workflows.Tests.Definitions;

/// <summary>Each broken fixture differs from 9.000000-valid.yaml in one place; the rule must point at that line.</summary>
[TestFixture]
public sealed class ValidationRuleTests
{
    private static IReadOnlyList<DefinitionProblem> Validate(string fixture) =>
        DefinitionCatalog.Load(TestPaths.Workflows, [TestPaths.Fixture(fixture)]).Problems;

    private static void AssertRejected(string fixture, int line, params string[] words)
    {
        var problems = Validate(fixture);
        var fileName = Path.GetFileName(TestPaths.Fixture(fixture));
        var atLine = problems.Where(p => Path.GetFileName(p.File) == fileName && p.Line == line).ToList();

        Assert.That(atLine, Is.Not.Empty, $"expected {fileName}:{line}, got:\n{string.Join("\n", problems)}");
        foreach (var word in words)
        {
            Assert.That(atLine.Any(p => p.Message.Contains(word, StringComparison.Ordinal)), Is.True,
                $"no message at {fileName}:{line} contains '{word}':\n{string.Join("\n", problems)}");
        }

        Assert.That(problems.All(p => p.ToString().StartsWith(p.File + ":", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void Valid_fixture_has_no_problems()
    {
        Assert.That(Validate("9.000000-").Select(p => p.ToString()), Is.Empty);
    }

    [Test]
    public void Yaml_syntax_error_is_reported_at_its_line() =>
        AssertRejected("9.000001-", 34, "cú pháp YAML");

    [Test]
    public void Yaml_indentation_error_is_reported_at_its_line() =>
        AssertRejected("9.000013-", 25, "cú pháp YAML");

    [Test]
    public void Unknown_key_is_reported_at_its_line() =>
        AssertRejected("9.000014-", 34, "priority");

    [Test]
    public void Schema_type_error_is_reported_at_the_value() =>
        AssertRejected("9.000002-", 3, "version", "số nguyên");

    [Test]
    public void Duplicate_step_key_is_rejected() =>
        AssertRejected("9.000003-", 47, "xu-ly", "trùng");

    [Test]
    public void Unreachable_step_is_rejected() =>
        AssertRejected("9.000004-", 47, "thua", "không thể đi tới");

    [Test]
    public void Missing_terminal_step_is_rejected() =>
        AssertRejected("9.000005-", 23, "bước kết thúc");

    [Test]
    public void Unknown_unit_is_rejected() =>
        AssertRejected("9.000006-", 34, "đơn vị 'abc' không có trong danh mục");

    [Test]
    public void Unknown_role_is_rejected() =>
        AssertRejected("9.000007-", 35, "vai trò", "boss");

    [Test]
    public void Step_budgets_must_add_up_to_the_time_limit() =>
        AssertRejected("9.000008-", 10, "tổng thời gian", "9", "8");

    [Test]
    public void Unknown_document_in_a_step_is_rejected() =>
        AssertRejected("9.000009-", 30, "giay-khac", "thành phần hồ sơ");

    [Test]
    public void Next_pointing_nowhere_is_rejected() =>
        AssertRejected("9.000010-", 31, "xu-li", "không tồn tại");

    [Test]
    public void Version_below_one_is_rejected() =>
        AssertRejected("9.000011-", 3, "phiên bản");

    [Test]
    public void File_name_must_start_with_the_code() =>
        AssertRejected("9.000012-", 2, "tên tệp", "9.000099");

    [Test]
    public void Problem_prints_as_file_colon_line_colon_message()
    {
        Assert.That(new DefinitionProblem("workflows/a.yaml", 12, "lỗi").ToString(), Is.EqualTo("workflows/a.yaml:12: lỗi"));
    }

    [Test]
    public void Broken_file_is_left_out_of_the_catalogue_but_valid_ones_stay()
    {
        var catalog = DefinitionCatalog.Load(TestPaths.Workflows, [TestPaths.Fixture("9.000000-"), TestPaths.Fixture("9.000006-")]);

        Assert.That(catalog.Definitions.Select(d => d.Code), Is.EqualTo(new[] { "9.000000" }));
        Assert.That(catalog.IsValid, Is.False);
    }

    [Test]
    public void Same_code_and_version_twice_is_rejected()
    {
        var valid = TestPaths.Fixture("9.000000-");
        var copy = Path.Combine(Path.GetTempPath(), $"onestop-{Guid.NewGuid():N}", "9.000000-copy.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(valid, copy);
        try
        {
            var problems = DefinitionCatalog.Load(TestPaths.Workflows, [valid, copy]).Problems;

            Assert.That(problems.Select(p => p.ToString()), Has.One.Contains("9.000000-copy.yaml:1:").And.Contains("đã có"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }
}
