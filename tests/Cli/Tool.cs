using System.CommandLine;

// Every test swaps the process's Console.Out and Console.Error: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Padata.Cli;

/// <summary>What one run of the command line did: its exit code and what it wrote to each stream.</summary>
public sealed record ToolRun(int Code, string Out, string Error)
{
    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs padata-verify's real entry point in this process with its console captured.</summary>
internal static class Tool
{
    public static ToolRun Run(params string[] args) => Capture(() => Padata.Verify.Cli.Run(args));

    /// <summary>Runs the entry point with <paramref name="directory"/> as the working directory (relative paths resolve there).</summary>
    public static ToolRun RunIn(string directory, params string[] args)
    {
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory;
        try
        {
            return Run(args);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    /// <summary>The entry point's error handling around a command tree of the test's own.</summary>
    public static ToolRun Run(RootCommand root, params string[] args) => Capture(() => Padata.Verify.Cli.Run(root, args));

    private static ToolRun Capture(Func<int> run)
    {
        TextWriter output = Console.Out, error = Console.Error;
        var capturedOutput = new StringWriter();
        var capturedError = new StringWriter();
        Console.SetOut(capturedOutput);
        Console.SetError(capturedError);
        try
        {
            int code = run();
            return new ToolRun(code, capturedOutput.ToString(), capturedError.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }
}
