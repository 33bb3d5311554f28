using System.CommandLine;
using System.Globalization;
using OneStop.Workflows;
using OneStop.Workflows.Definitions;

namespace OneStop.Cli;

/// <summary><c>onestop definitions validate [path]</c> — checks the procedure catalogue (ARCHITECTURE.md §5 contract).</summary>
public static class DefinitionsCommands
{
    public static Command Create()
    {
        var definitions = new Command("definitions", "Danh mục thủ tục (workflows/*.yaml)");

        var validate = new Command("validate", "Kiểm tra tệp định nghĩa thủ tục; in 'tệp:dòng: lỗi' và trả mã 1 nếu có lỗi");
        var path = new Argument<string?>("path")
        {
            Description = "Thư mục workflows hoặc một tệp thủ tục (mặc định: --workflows, biến ONESTOP_WORKFLOWS, hoặc tìm ngược lên từ thư mục hiện tại)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var workflows = new Option<string?>("--workflows")
        {
            Description = "Thư mục workflows (chứa procedure.schema.json và units.yaml)",
        };
        validate.Arguments.Add(path);
        validate.Options.Add(workflows);
        validate.SetAction(parseResult => Validate(parseResult.GetValue(path), parseResult.GetValue(workflows), Console.Out, Console.Error));
        definitions.Subcommands.Add(validate);
        return definitions;
    }

    /// <summary>Exit code 0 when everything is valid, 1 otherwise.</summary>
    public static int Validate(string? path, string? workflowsOption, TextWriter stdout, TextWriter stderr)
    {
        DefinitionCatalog catalog;
        string what;
        if (path is not null && File.Exists(path))
        {
            var folder = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
            var workflowsDir = File.Exists(Path.Combine(folder, DefinitionCatalog.SchemaFileName))
                ? folder
                : WorkflowsFolder.Locate(workflowsOption);
            if (workflowsDir is null)
            {
                stderr.WriteLine($"{path}: không tìm thấy thư mục workflows (chứa {DefinitionCatalog.SchemaFileName}); dùng --workflows hoặc biến {WorkflowsFolder.EnvironmentVariable}");
                return 1;
            }

            catalog = DefinitionCatalog.Load(workflowsDir, [path]);
            what = $"tệp {path}";
        }
        else
        {
            var folder = path ?? WorkflowsFolder.Locate(workflowsOption);
            if (folder is null)
            {
                stderr.WriteLine($"không tìm thấy thư mục workflows (chứa {DefinitionCatalog.SchemaFileName}); dùng --workflows hoặc biến {WorkflowsFolder.EnvironmentVariable}");
                return 1;
            }

            if (!Directory.Exists(folder))
            {
                stderr.WriteLine($"{folder}: không có tệp hoặc thư mục này");
                return 1;
            }

            // Print paths relative to where the operator stands when the folder was found automatically.
            var foundByWalkingUp = path is null && workflowsOption is null
                && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(WorkflowsFolder.EnvironmentVariable));
            if (foundByWalkingUp && Path.IsPathFullyQualified(folder))
            {
                folder = Path.GetRelativePath(Directory.GetCurrentDirectory(), folder);
            }

            catalog = DefinitionCatalog.Load(folder);
            what = $"thư mục {folder}";
        }

        foreach (var problem in catalog.Problems)
        {
            stdout.WriteLine(problem.ToString());
        }

        if (!catalog.IsValid)
        {
            return 1;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Hợp lệ: {catalog.Definitions.Count} thủ tục ({catalog.Definitions.Count(d => d.IsInterAgency)} liên thông), {catalog.Units.All.Count} đơn vị — {what}"));
        return 0;
    }
}
