namespace Padata.Harness.Oracles;

/// <summary>The exception a scenario's throwing chunk raises.</summary>
internal sealed class ChunkFault(Chunk chunk) : Exception($"chunk {chunk} fails on purpose")
{
    public Chunk Chunk { get; } = chunk;
}
