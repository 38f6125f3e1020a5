namespace Padata.Bench.Commands;

/// <summary>
/// Something the user typed or has not done yet is wrong, found once the command runs (the parser
/// checks the rest): the message names it and the fix. Exit <see cref="BenchExitCode.Usage"/>.
/// </summary>
internal sealed class BenchUsageException(string message) : Exception(message);
