using System.CommandLine;

namespace OneStop.Cli;

/// <summary><c>onestop</c>: the operator's tool (ARCHITECTURE.md §5 lists its contracts).</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("OneStop – công cụ vận hành hệ thống một cửa");
        root.Subcommands.Add(CalendarCommands.Create());
        root.Subcommands.Add(DefinitionsCommands.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(KpiCommands.Create());
        return root.Parse(args).Invoke();
    }
}
