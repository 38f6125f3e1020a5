using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Padata.Bench.Priority;
using Padata.Bench.VersusC;

namespace Padata.Bench.Commands;

/// <summary>
/// The bench commands that take options (<c>versus-c</c>, <c>priority</c>) on System.CommandLine,
/// as the CLI's: every option declared with its rule, so a value that does not parse and a value out
/// of range get the same message (the option, the rule, what was typed), and <c>--help</c> lists
/// the options, their defaults and <see cref="BenchExitCode"/>. A parse error stops before any
/// process or benchmark starts. Plain BenchmarkDotNet runs do not come here: Program hands their
/// arguments to BenchmarkSwitcher as they are.
/// </summary>
internal static class BenchCommandLine
{
    /// <summary>How the commands are started, for the usage hint.</summary>
    public const string Invocation = "dotnet run --project bench -c Release --";

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(Create(PageInitVersusC.Run, HelperPriorityRun.Run), args, output, error);

    /// <summary>The commands, each running <paramref name="versusC"/> or <paramref name="priority"/> with the options read.</summary>
    public static RootCommand Create(Func<VersusCOptions, TextWriter, int> versusC, Func<PriorityOptions, TextWriter, int> priority) =>
        new("The bench commands that take options; plain BenchmarkDotNet runs take BenchmarkDotNet's own arguments.")
        {
            VersusCCommand.Create(versusC),
            PriorityCommand.Create(priority),
        };

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the command, mapping every error to an exit code.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        ParseResult parse = root.Parse(args);
        string prefix = parse.CommandResult.Command is RootCommand ? "bench" : parse.CommandResult.Command.Name;
        if (parse.Action is ParseErrorAction)
        {
            // An unknown word also fails the parse in general terms: name the word alone.
            if (parse.UnmatchedTokens.Count > 0)
                foreach (string token in parse.UnmatchedTokens)
                    error.WriteLine(token.StartsWith('-') ? $"{prefix}: unknown option '{token}'." : $"{prefix}: unexpected argument '{token}'.");
            else
                foreach (var parseError in parse.Errors)
                    error.WriteLine($"{prefix}: {parseError.Message}");
            error.WriteLine($"'{Invocation} {prefix} --help' shows the usage.");
            return BenchExitCode.Usage;
        }
        try
        {
            // Ctrl-C ends the run as before: no handler of the library's waits on it.
            int code = parse.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
            if (parse.Action is HelpAction)
                output.WriteLine(BenchExitCode.Table);
            return code;
        }
        catch (BenchUsageException e)
        {
            error.WriteLine($"{prefix}: {e.Message}");
            return BenchExitCode.Usage;
        }
        catch (Exception e)
        {
            // A developer's tool: the whole exception, to find the measured process that failed.
            error.WriteLine($"{prefix}: the run failed: {e}");
            return BenchExitCode.RunFailed;
        }
    }
}
