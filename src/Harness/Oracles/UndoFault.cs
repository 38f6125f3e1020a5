namespace Padata.Harness.Oracles;

/// <summary>The exception a scenario's throwing undo raises.</summary>
internal sealed class UndoFault(Chunk chunk) : Exception($"undo of chunk {chunk} fails on purpose")
{
    public Chunk Chunk { get; } = chunk;
}
