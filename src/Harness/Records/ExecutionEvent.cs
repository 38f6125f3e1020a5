namespace Padata.Harness.Records;

/// <param name="Step">Position in the schedule's event order (0-based).</param>
/// <param name="Worker">Name of the thread it happened on: a caller (<c>caller/N</c>) or a workqueue thread (<c>kworker#N</c>).</param>
/// <param name="Job">Which job (<c>caller.index</c>).</param>
internal sealed record ExecutionEvent(int Step, string Worker, string Job, EventKind Kind, Chunk Chunk = default)
{
    /// <summary>What happened, without when and where (the account's line and the timeline's tooltip).</summary>
    public string What => Kind switch
    {
        EventKind.ChunkStarted => $"takes chunk {Chunk} of job {Job}",
        EventKind.ChunkReturned => $"finishes chunk {Chunk} of job {Job}",
        EventKind.ChunkThrew => $"chunk {Chunk} of job {Job} throws",
        EventKind.CallerEntered => $"calls DoMultithreaded for job {Job}",
        EventKind.CallerReturned => $"returns from DoMultithreaded (job {Job})",
        EventKind.CallerThrew => $"DoMultithreaded throws (job {Job})",
        _ => $"{Kind} {Job}",
    };

    public override string ToString() => $"{Step,4}  {Worker,-18} {What}";
}
