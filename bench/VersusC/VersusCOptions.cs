namespace Padata.Bench.VersusC;

/// <summary>What <c>versus-c</c> measures (<see cref="VersusCCommand"/> declares the options, their rules and defaults).</summary>
/// <param name="Processes">Fresh processes of each (engine, C) per worker count.</param>
/// <param name="Runs">Jobs per process: the first is the cold one.</param>
/// <param name="Pages">Pages in the zone.</param>
/// <param name="MaxWorkers">Worker counts 1 to this are measured.</param>
/// <param name="Reference">The C reference's source (full path), or null for the default beside the repository.</param>
/// <param name="Docs">The page the table is written into (full path), or null for the repository's docs/benchmarks.md.</param>
internal sealed record VersusCOptions(int Processes, int Runs, ulong Pages, int MaxWorkers, string? Reference, string? Docs);
