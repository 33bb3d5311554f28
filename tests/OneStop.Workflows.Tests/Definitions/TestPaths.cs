using NUnit.Framework;
using OneStop.Workflows;

namespace OneStop.Workflows.Tests.Definitions;

internal static class TestPaths
{
    /// <summary>The repository's workflows/ folder, found by walking up from the test assembly.</summary>
    public static string Workflows =>
        WorkflowsFolder.WalkUp(TestContext.CurrentContext.TestDirectory)
        ?? throw new InvalidOperationException("workflows/procedure.schema.json not found above the test directory");

    public static string Fixtures => Path.Combine(TestContext.CurrentContext.TestDirectory, "Definitions", "Fixtures");

    public static string Fixture(string name) =>
        Directory.GetFiles(Fixtures, name + "*.yaml").Single();
}
