using System.CommandLine;
using OneStop.Cli;

// Temporary entry point for the calendar commands; the owner merges the command tree.
var root = new RootCommand("OneStop");
root.Subcommands.Add(CalendarCommands.Create());
return root.Parse(args).Invoke();
