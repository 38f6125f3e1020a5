namespace Padata.Verify;

/// <summary>
/// The exit codes of every command, one meaning each, so a script can tell a typo or a corrupt
/// file from a concurrency bug (the same lines Coyote's own CLI draws between a bug found, bad
/// input and its own failure).
/// </summary>
internal static class ExitCode
{
    /// <summary>Everything passed, and every exploration that was to be exhaustive was exhausted.</summary>
    public const int Passed = 0;

    /// <summary>A property was violated (for replay: the recorded failure was reproduced).</summary>
    public const int Violated = 1;

    /// <summary>Usage or invalid input: unknown command or option, a value out of range, a missing or malformed file.</summary>
    public const int Usage = 2;

    /// <summary>The tool itself failed: an unexpected exception, its detail written to a file.</summary>
    public const int ToolFailure = 3;

    /// <summary>Incomplete: a budget, timeout or Ctrl-C ended an exploration that was to be exhaustive, or a replay did not reproduce.</summary>
    public const int Incomplete = 4;

    /// <summary>The table printed at the end of every --help.</summary>
    public const string Table = """
        Exit codes (the same for every command):
          0  everything passed (every exhaustive exploration exhausted)
          1  a property was violated; for replay: the recorded failure was reproduced
          2  usage or invalid input: unknown command or option, a value out of range, a missing or malformed file
          3  the tool itself failed: one line on the console, the full detail in a file under artifacts/failures/
          4  incomplete: a budget, --timeout or Ctrl-C ended an exploration before it finished, or a replay did not reproduce
        """;
}
