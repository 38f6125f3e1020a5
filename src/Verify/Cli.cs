using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// The command line as a whole: parse, report a parse error the way a range error is reported,
/// run the command, and map whatever escapes it to an exit code (<see cref="ExitCode"/>): a
/// <see cref="UsageException"/> is the user's (one line, exit 2), anything else the tool's (one
/// line naming the exception and the file holding its full detail, exit 3). No stack trace
/// reaches the console.
/// </summary>
internal static class Cli
{
    public const string Name = "padata-verify";

    /// <summary>Where the full detail of a tool failure is written, relative to the working directory.</summary>
    public static string FailureDirectory => Path.Combine("artifacts", "failures");

    public static int Run(string[] args) => Run(Create(), args);

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the command, mapping every error to an exit code.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
            return ReportParseErrors(parse);
        try
        {
            // Ctrl-C is the commands' own business (check stops its explorations and reports what
            // finished); the library's handler would abandon the action after a grace period.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"{Prefix(parse)}: {e.Message}");
            return ExitCode.Usage;
        }
        catch (Exception e)
        {
            return ReportToolFailure(parse, args, e);
        }
    }

    public static RootCommand Create()
    {
        var root = new RootCommand("padata-verify: the Linux kernel's padata multithreaded jobs in C#, run natively and checked under Coyote's controlled scheduler.")
        {
            ControlledCommands.Check(),
            ControlledCommands.Replay(),
            ControlledCommands.List(),
            NativeRunCommand.Create(),
            PageInitCommand.Create(),
            ConformanceCommand.Create(),
            VfioPinCommand.Create(),
        };
        // The exit codes end every --help (the help option is recursive: one for all commands).
        HelpOption help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((HelpAction)help.Action!);
        return root;
    }

    private static string Prefix(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? Name : $"{Name} {parse.CommandResult.Command.Name}";

    private static int ReportParseErrors(ParseResult parse)
    {
        string prefix = Prefix(parse);
        if (parse.UnmatchedTokens.Count > 0)
        {
            string known = string.Join(", ", parse.CommandResult.Command.Subcommands.Select(c => c.Name));
            foreach (string token in parse.UnmatchedTokens)
                Console.Error.WriteLine(token.StartsWith('-')
                    ? $"{prefix}: unknown option '{token}'."
                    : known.Length > 0
                        ? $"{prefix}: unknown command '{token}' (the commands are {known})."
                        : $"{prefix}: unexpected argument '{token}'.");
        }
        else if (parse.CommandResult.Command is RootCommand)
        {
            Console.Error.WriteLine($"{prefix}: no command given (the commands are {string.Join(", ", parse.RootCommandResult.Command.Subcommands.Select(c => c.Name))}).");
        }
        else
        {
            foreach (var error in parse.Errors)
                Console.Error.WriteLine($"{prefix}: {error.Message}");
        }
        Console.Error.WriteLine($"'{prefix} --help' shows the usage.");
        return ExitCode.Usage;
    }

    private static int ReportToolFailure(ParseResult parse, string[] args, Exception e)
    {
        string detail;
        try
        {
            Directory.CreateDirectory(FailureDirectory);
            detail = Path.GetFullPath(Path.Combine(FailureDirectory, $"{Name}-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss-fff}.txt"));
            AtomicFile.WriteAllText(detail,
                $"{Name} {string.Join(' ', args)}\nversion {ToolVersion.Current}\n{DateTimeOffset.UtcNow:O}\n\n{e}\n");
        }
        catch (Exception write) when (write is IOException or UnauthorizedAccessException)
        {
            detail = $"(not written: {write.Message})";
        }
        Console.Error.WriteLine($"{Prefix(parse)}: the tool itself failed ({e.GetType().FullName}: {FirstLine(e.Message)}); full detail: {detail}");
        return ExitCode.ToolFailure;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
