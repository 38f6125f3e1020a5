namespace Padata;

/// <summary>Which of a job's functions a <see cref="ChunkFailure"/> came from.</summary>
public enum FailurePhase
{
    /// <summary>The thread function threw on the chunk (the failure that stopped the hand-out).</summary>
    ThreadFunction,

    /// <summary>The undo function threw while rolling back a chunk that had completed.</summary>
    Undo,
}
