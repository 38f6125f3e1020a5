namespace Padata;

/// <summary>What a completed job did.</summary>
/// <param name="RequestedWorkers">Workers the job asked for, the caller included.</param>
/// <param name="Workers">Workers that ran: the caller plus the helpers the pool granted.</param>
/// <param name="ChunkSize">The chunk size used (the whole job on the single-threaded fast path).</param>
/// <param name="Chunks">Calls of the thread function.</param>
public readonly record struct JobResult(int RequestedWorkers, int Workers, ulong ChunkSize, int Chunks)
{
    public static JobResult Empty => default;
}
