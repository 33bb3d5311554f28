using OneStop.Workflows.Definitions;
using Stateless.Graph;

namespace OneStop.Workflows.Engine;

/// <summary>Graphviz DOT of a procedure's state machine (steps, pauses, refusal, withdrawal, result).</summary>
public static class ProcedureDiagram
{
    public static string ToDot(ProcedureDefinition definition) =>
        UmlDotGraph.Format(WorkflowEngine.BuildForDiagram(definition).GetInfo());
}
