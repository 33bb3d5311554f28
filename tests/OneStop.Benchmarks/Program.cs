using System.CommandLine;
using OneStop.Benchmarks.Load;
using OneStop.Benchmarks.Scenarios;

namespace OneStop.Benchmarks;

/// <summary>
/// <c>onestop-bench</c>: measures a running OneStop (load over HTTP, read paths at scale, micro-benchmarks, the pgbench
/// limit) and drives the fault and multi-instance scenarios. Each area adds its subcommand here.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("OneStop – đo hiệu năng, kịch bản sự cố và nhiều phiên bản")
        {
            LoadCommand.Create(),
            ScenarioCommands.Faults(),
            ScenarioCommands.Multi(),
            Data.DataCommand.Create(),
            Reads.ReadsCommand.Create(),
            Micro.MicroCommand.Create(),
            Pgbench.PgbenchCommand.Create(),
            Report.ReportCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
