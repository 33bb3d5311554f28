namespace OneStop.Workflows.Definitions;

/// <summary>One problem found in a workflow file; <see cref="ToString"/> gives the compiler-style <c>file:line: message</c>.</summary>
/// <param name="File">The path as the caller gave it (folder + file name), not made absolute.</param>
/// <param name="Line">1-based line in that file.</param>
/// <param name="Message">Vietnamese text for the civil servant who edits the file.</param>
public sealed record DefinitionProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Message}";
}
