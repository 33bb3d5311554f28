using System.CommandLine;
using OneStop.Cli;

// Temporary: the owner merges the command list from every branch.
var root = new RootCommand("OneStop");
root.Subcommands.Add(DefinitionsCommands.Create());
return root.Parse(args).Invoke();
