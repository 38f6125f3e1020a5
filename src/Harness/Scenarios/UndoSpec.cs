namespace Padata.Harness.Scenarios;

/// <summary>
/// A job with an undo function, as a scenario describes it: the job (whose
/// <see cref="JobSpec.ThrowingChunkStarts"/> fail in the thread function) plus the starts of the
/// chunks whose undo throws.
/// </summary>
internal sealed record UndoSpec(JobSpec Job, IReadOnlyList<ulong> ThrowingUndoStarts)
{
    public UndoSpec(JobSpec job) : this(job, [])
    {
    }

    public override string ToString() =>
        $"{Job} +undo" + (ThrowingUndoStarts.Count == 0 ? "" : $" undo-throws@{string.Join(",", ThrowingUndoStarts)}");
}
