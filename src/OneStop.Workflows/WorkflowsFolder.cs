namespace OneStop.Workflows;

/// <summary>Finds the <c>workflows/</c> folder (procedure catalogue, calendar files) for tools and tests.</summary>
public static class WorkflowsFolder
{
    public const string EnvironmentVariable = "ONESTOP_WORKFLOWS";

    /// <summary>The file whose presence marks a workflows folder.</summary>
    public const string MarkerFile = "procedure.schema.json";

    /// <summary>
    /// Returns, in order of preference: <paramref name="explicitPath"/> (e.g. a <c>--workflows</c> option) if given;
    /// else the <c>ONESTOP_WORKFLOWS</c> environment variable if set; else the first <c>workflows/</c> folder holding
    /// <c>procedure.schema.json</c> found walking up from the current directory, then from
    /// <see cref="AppContext.BaseDirectory"/>. Returns null when nothing is found. An explicit path or the variable is
    /// returned as given, even if it does not exist, so the caller can report it.
    /// </summary>
    public static string? Locate(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        return WalkUp(Directory.GetCurrentDirectory()) ?? WalkUp(AppContext.BaseDirectory);
    }

    /// <summary>The first <c>workflows/</c> folder with the marker file in <paramref name="start"/> or one of its parents.</summary>
    public static string? WalkUp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, MarkerFile)))
            {
                return dir.FullName;
            }

            var candidate = Path.Combine(dir.FullName, "workflows");
            if (File.Exists(Path.Combine(candidate, MarkerFile)))
            {
                return candidate;
            }
        }

        return null;
    }
}
