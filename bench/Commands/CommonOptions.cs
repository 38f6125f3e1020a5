using System.CommandLine;

namespace Padata.Bench.Commands;

/// <summary>The options the bench commands share, declared once so they read and fail alike.</summary>
internal static class CommonOptions
{
    /// <summary>
    /// <c>--docs FILE</c>: the page a command writes its table into, between its markers. Checked
    /// before the run, not after it: the file's directory must exist and the path must not be a directory.
    /// </summary>
    public static Option<string?> Docs(string description)
    {
        var option = new Option<string?>("--docs") { Description = description, HelpName = "file" };
        option.Validators.Add(result =>
        {
            string? docs = result.GetValueOrDefault<string?>();
            if (string.IsNullOrWhiteSpace(docs))
                result.AddError($"--docs needs a file name (got '{docs}').");
            else if (Directory.Exists(docs))
                result.AddError($"--docs '{docs}' is a directory; give the page's file name (for example docs/benchmarks.md).");
            else if (Path.GetDirectoryName(Path.GetFullPath(docs)) is { } directory && !Directory.Exists(directory))
                result.AddError($"--docs '{docs}': the directory {directory} does not exist (the table is written into a file there).");
        });
        return option;
    }

    /// <summary>The value of a path option as a full path (relative to the working directory), or null when it was not given.</summary>
    public static string? FullPath(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } path ? Path.GetFullPath(path) : null;
}
