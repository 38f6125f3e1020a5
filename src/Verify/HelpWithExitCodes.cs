using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Padata.Verify;

/// <summary>The library's help, followed by the exit-code table (<see cref="ExitCode.Table"/>).</summary>
internal sealed class HelpWithExitCodes(HelpAction help) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        int code = help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(ExitCode.Table.TrimEnd());
        parseResult.InvocationConfiguration.Output.WriteLine();
        return code;
    }
}
