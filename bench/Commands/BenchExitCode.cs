namespace Padata.Bench.Commands;

/// <summary>The exit codes of the bench commands that take options (<c>versus-c</c>, <c>priority</c>).</summary>
internal static class BenchExitCode
{
    /// <summary>The run finished and its table was printed (and written where asked).</summary>
    public const int Done = 0;

    /// <summary>The run finished without a result for every case (<c>priority</c>: BenchmarkDotNet reported none for one).</summary>
    public const int NoResult = 1;

    /// <summary>Usage or invalid input: unknown option, a value out of range, a missing file or directory, the CLI not built.</summary>
    public const int Usage = 2;

    /// <summary>The run itself failed: a measured process exited badly, or an unexpected exception.</summary>
    public const int RunFailed = 3;

    /// <summary>The table printed at the end of every --help.</summary>
    public const string Table = """
        Exit codes:
          0  the run finished: the table was printed (and written into --docs)
          1  priority: a case got no result from BenchmarkDotNet (the table says which)
          2  usage or invalid input: unknown option, a value out of range, a missing file or directory, versus-c before the CLI is built
          3  the run itself failed: a measured process exited badly or printed no result, or an unexpected exception (its detail follows)
        """;
}
