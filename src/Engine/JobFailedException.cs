namespace Padata;

/// <summary>
/// Thrown by <see cref="PadataEngine.DoMultithreaded"/> after a job in which at least one chunk
/// threw, once every worker has stopped and every work item is back in the pool.
/// <see cref="Exception.InnerException"/> is the first failure; <see cref="Failures"/> lists all
/// of them, first to last, with the chunk each came from.
/// </summary>
public sealed class JobFailedException : AggregateException
{
    public JobFailedException(MultithreadedJob job, IReadOnlyList<ChunkFailure> failures)
        : base(Describe(job, failures), failures.Select(f => f.Error))
    {
        Failures = failures;
    }

    public IReadOnlyList<ChunkFailure> Failures { get; }

    private static string Describe(MultithreadedJob job, IReadOnlyList<ChunkFailure> failures)
    {
        if (failures.Count == 0)
            throw new ArgumentException("A failed job has at least one failure.", nameof(failures));
        ChunkFailure first = failures[0];
        string later = failures.Count == 1 ? "" : $"; {failures.Count - 1} later chunk failure(s) attached";
        return $"Chunk {first.Chunk} of {job} threw {first.Error.GetType().Name}: {first.Error.Message}; " +
               $"no chunk was started after it{later}.";
    }
}
