using OneStop.Workflows.Engine;
using static OneStop.Workflows.Tests.Engine.EngineFixtures;

namespace OneStop.Workflows.Tests.Engine;

public sealed class ProcedureDiagramTests
{
    [Test]
    public void Dot_names_every_step()
    {
        var dot = ProcedureDiagram.ToDot(InterAgency);

        Assert.That(dot, Does.StartWith("digraph"));
        Assert.Multiple(() =>
        {
            foreach (var step in InterAgency.Steps)
            {
                Assert.That(dot, Does.Contain(step.Key));
            }
            Assert.That(dot, Does.Contain(WorkflowEngine.ResultReadyState));
        });
    }
}
