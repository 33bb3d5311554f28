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
                Assert.That(dot, Does.Contain($"\"{step.Key}\" [label=\"{step.Name}\"]"));
            }
            Assert.That(dot, Does.Contain($"\"{WorkflowEngine.ResultReadyState}\" [label=\"Đã có kết quả\"]"));
            Assert.That(dot, Does.Contain("label=\"Hoàn thành\""));
            Assert.That(dot, Does.EndWith("}"));
        });
    }

    [Test]
    public void Dot_leaves_out_guard_messages_triggers_and_loops_that_do_not_move_the_dossier()
    {
        var dot = ProcedureDiagram.ToDot(InterAgency);

        Assert.Multiple(() =>
        {
            Assert.That(dot, Does.Not.Contain("CompleteStep"));
            Assert.That(dot, Does.Not.Contain("do cán bộ có vai trò"));
            Assert.That(dot, Does.Not.Contain("Xin lỗi, hẹn lại"));
            Assert.That(dot, Does.Not.Contain("Phân công"));
            Assert.That(dot, Does.Contain("style=\"dashed\", label=\"Từ chối\""));
        });
    }
}
