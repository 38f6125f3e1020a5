namespace Padata.Harness;

/// <summary>
/// A job with an undo function, as a scenario describes it: the job (whose
/// <see cref="JobSpec.ThrowingChunkStarts"/> fail in the thread function) plus the starts of the
/// chunks whose undo throws.
/// </summary>
public sealed record UndoSpec(JobSpec Job, IReadOnlyList<ulong> ThrowingUndoStarts)
{
    public UndoSpec(JobSpec job) : this(job, [])
    {
    }

    public override string ToString() =>
        $"{Job} +undo" + (ThrowingUndoStarts.Count == 0 ? "" : $" undo-throws@{string.Join(",", ThrowingUndoStarts)}");
}

/// <summary>The exception a scenario's throwing undo raises.</summary>
public sealed class UndoFault(Chunk chunk) : Exception($"undo of chunk {chunk} fails on purpose")
{
    public Chunk Chunk { get; } = chunk;
}
