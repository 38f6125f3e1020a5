namespace Padata;

/// <summary>
/// Thrown by <see cref="PadataEngine.DoMultithreaded"/> after a job in which at least one chunk
/// threw, once every worker has stopped and every work item is back in the pool.
/// <see cref="Exception.InnerException"/> is the first failure; <see cref="Failures"/> lists all
/// of them, first to last, with the chunk each came from: the thread functions' failures, then,
/// for a job with an undo function, the undo failures (<see cref="ChunkFailure.IsUndoFailure"/>).
/// When it is thrown every undo has already run.
/// </summary>
public sealed class JobFailedException : AggregateException
{
    public JobFailedException(MultithreadedJob job, IReadOnlyList<ChunkFailure> failures)
        : base(Describe(job.ToString(), job.UndoFunction is not null, failures), failures.Select(f => f.Error))
    {
        Failures = failures;
    }

    /// <summary>A <see cref="PerNodeJob"/> in which at least one chunk threw (such a job has no undo).</summary>
    public JobFailedException(PerNodeJob job, IReadOnlyList<ChunkFailure> failures)
        : base(Describe(job.ToString(), hasUndo: false, failures), failures.Select(f => f.Error))
    {
        Failures = failures;
    }

    public IReadOnlyList<ChunkFailure> Failures { get; }

    private static string Describe(string job, bool hasUndo, IReadOnlyList<ChunkFailure> failures)
    {
        if (failures.Count == 0)
            throw new ArgumentException("A failed job has at least one failure.", nameof(failures));
        ChunkFailure first = failures[0];
        int undoFailures = failures.Count(f => f.IsUndoFailure);
        int threadFailures = failures.Count - undoFailures;
        string later = threadFailures <= 1 ? "" : $"; {threadFailures - 1} later chunk failure(s) attached";
        string undo = !hasUndo ? ""
            : undoFailures == 0 ? "; every chunk that had completed was undone"
            : $"; {undoFailures} undo failure(s) attached (the other completed chunks were undone)";
        return $"Chunk {first.Chunk} of {job} threw {first.Error.GetType().Name}: {first.Error.Message}; " +
               $"no chunk was started after it{later}{undo}.";
    }
}
