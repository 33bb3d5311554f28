using System.Text;
using System.Text.RegularExpressions;
using OneStop.Workflows.Definitions;
using Stateless.Graph;

namespace OneStop.Workflows.Engine;

/// <summary>
/// Graphviz DOT of a procedure's state machine (steps, pauses, refusal, withdrawal, result), drawn by Stateless and
/// then made readable for people: nodes keep their keys as ids but are labelled with the Vietnamese step names, edges
/// with the action in Vietnamese instead of the trigger and its guard messages, and the self-loops that do not move the
/// dossier (extension letters, assignment) are left out. Refusal, withdrawal and supplement requests are dashed.
/// </summary>
public static partial class ProcedureDiagram
{
    public static string ToDot(ProcedureDefinition definition)
    {
        var raw = UmlDotGraph.Format(WorkflowEngine.BuildForDiagram(definition).GetInfo());
        var names = definition.Steps.ToDictionary(s => s.Key, s => s.Name, StringComparer.Ordinal);
        var output = new StringBuilder();
        foreach (var line in raw.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (Node().Match(text) is { Success: true } node)
            {
                var id = node.Groups["id"].Value;
                var label = names.TryGetValue(id, out var name) ? name : StateName(id);
                output.Append('"').Append(id).Append("\" [label=\"").Append(Escape(label)).Append("\"];\n");
            }
            else if (Decision().Match(text) is { Success: true } decision)
            {
                output.Append('"').Append(decision.Groups["id"].Value).Append("\" [shape=\"diamond\", label=\"\", width=0.25, height=0.25];\n");
            }
            else if (text == "rankdir=\"LR\"")
            {
                // Top to bottom: the steps read down the page and the SVG fits the page's width.
                output.Append("rankdir=\"TB\"\n");
                output.Append("node [fontname=\"Times,serif\", fontsize=12]\n");
                output.Append("edge [fontname=\"Times,serif\", fontsize=10, color=\"#555555\"]\n");
            }
            else if (Edge().Match(text) is { Success: true } edge)
            {
                var (from, to) = (edge.Groups["from"].Value, edge.Groups["to"].Value);
                if (!Enum.TryParse<WorkflowAction>(edge.Groups["trigger"].Value, out var action))
                {
                    output.Append(text).Append('\n');
                    continue;
                }
                if (from == to && action != WorkflowAction.TransferToPartner)
                {
                    continue;
                }
                var dashed = action is WorkflowAction.Refuse or WorkflowAction.Withdraw or WorkflowAction.RequestSupplement;
                output.Append('"').Append(from).Append("\" -> \"").Append(to).Append("\" [style=\"").Append(dashed ? "dashed" : "solid")
                    .Append("\", label=\"").Append(Escape(ActionName(action))).Append("\"];\n");
            }
            else
            {
                output.Append(text).Append('\n');
            }
        }
        return output.ToString().TrimEnd('\n');
    }

    /// <summary>The states the engine adds around the steps.</summary>
    public static string StateName(string state) => state switch
    {
        WorkflowEngine.PausedState => "Tạm dừng, chờ bổ sung hồ sơ",
        WorkflowEngine.RefusedState => "Từ chối giải quyết",
        WorkflowEngine.WithdrawnState => "Dừng giải quyết (công dân rút hồ sơ)",
        WorkflowEngine.ResultReadyState => "Đã có kết quả",
        _ => state,
    };

    public static string ActionName(WorkflowAction action) => action switch
    {
        WorkflowAction.CompleteStep => "Hoàn thành",
        WorkflowAction.SendBack => "Trả lại",
        WorkflowAction.RequestSupplement => "Yêu cầu bổ sung",
        WorkflowAction.ReceiveSupplement => "Nhận bổ sung",
        WorkflowAction.Refuse => "Từ chối",
        WorkflowAction.TransferToPartner => "Chuyển liên thông",
        WorkflowAction.ReceiveFromPartner => "Nhận từ liên thông",
        WorkflowAction.Approve => "Phê duyệt",
        WorkflowAction.ReturnForRework => "Trả lại xử lý lại",
        WorkflowAction.RequestExtension => "Xin lỗi, hẹn lại",
        WorkflowAction.ApproveExtension => "Duyệt hẹn lại",
        WorkflowAction.RejectExtension => "Không duyệt hẹn lại",
        WorkflowAction.Withdraw => "Dừng giải quyết",
        WorkflowAction.Assign => "Phân công",
        _ => action.ToString(),
    };

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    [GeneratedRegex("""^"(?<id>[^"]+)" \[label="[^"]*"\];$""")]
    private static partial Regex Node();

    [GeneratedRegex("""^"(?<id>Decision\d+)" \[shape = "diamond", label = "[^"]*"\];$""")]
    private static partial Regex Decision();

    [GeneratedRegex("""^"(?<from>[^"]+)" -> "(?<to>[^"]+)" \[style="[^"]*", label="(?<trigger>\w+).*\];$""")]
    private static partial Regex Edge();
}
