using System.Text.RegularExpressions;

namespace Padata.Cli;

/// <summary>The contract's assertions on one run's output.</summary>
internal static class Expect
{
    /// <summary>
    /// Exit 2, and an error message that names every one of <paramref name="mentions"/> (the flag,
    /// the file, the rule) with no stack trace and no .NET type name in it.
    /// </summary>
    public static void UsageError(ToolRun run, params string[] mentions)
    {
        Assert.True(run.Code == ExitCode.Usage, $"expected exit {ExitCode.Usage} (usage or invalid input), got:\n{run}");
        foreach (string mention in mentions)
            Assert.True(run.Error.Contains(mention, StringComparison.Ordinal), $"the message does not mention '{mention}':\n{run}");
        NoStackTrace(run);
        // A type name, not a file name: System.UInt64, Padata.Harness.Contracts.Strategy, but not Padata.Harness.dll.
        Assert.False(Regex.IsMatch(run.Error, @"\b(System|Padata)(\.[A-Z]\w*)+\b(?!\.dll)"), $"a .NET type name in the message:\n{run}");
        Assert.DoesNotContain("Exception", run.Error);
    }

    public static void NoStackTrace(ToolRun run)
    {
        foreach (string text in new[] { run.Out, run.Error })
            Assert.False(text.Split('\n').Any(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && line.Contains('(')),
                         $"stack trace in the output:\n{run}");
        Assert.DoesNotContain("Unhandled exception", run.Error);
    }
}
