namespace Padata;

/// <summary>A chunk whose thread function (or, while a failed job was rolled back, undo function) threw, and what it threw.</summary>
public sealed record ChunkFailure(Chunk Chunk, Exception Error)
{
    /// <summary>Which function threw: the thread function unless this is an undo failure.</summary>
    public FailurePhase Phase { get; init; } = FailurePhase.ThreadFunction;

    public bool IsUndoFailure => Phase == FailurePhase.Undo;
}
