namespace Padata.Bench.Priority;

/// <summary>What <c>priority</c> runs (<see cref="PriorityCommand"/> declares the options, their rules and defaults).</summary>
/// <param name="Launches">BenchmarkDotNet launches (processes) per case.</param>
/// <param name="Warmups">Warm-up jobs per launch.</param>
/// <param name="Iterations">Measured jobs per launch.</param>
/// <param name="Docs">The page the table is also written into (full path), or null for standard output only.</param>
internal sealed record PriorityOptions(int Launches, int Warmups, int Iterations, string? Docs);
