namespace Padata.Harness.Records;

/// <param name="Step">Position in the schedule's event order (0-based).</param>
/// <param name="Worker">Name of the thread it happened on: a caller (<c>caller/N</c>) or a workqueue thread (<c>kworker#N</c>).</param>
/// <param name="Job">Which job (<c>caller.index</c>).</param>
internal sealed record ExecutionEvent(int Step, string Worker, string Job, EventKind Kind, Chunk Chunk = default)
{
    public override string ToString() => Kind switch
    {
        EventKind.ChunkStarted => $"{Step,4}  {Worker,-18} takes chunk {Chunk} of job {Job}",
        EventKind.ChunkReturned => $"{Step,4}  {Worker,-18} finishes chunk {Chunk} of job {Job}",
        EventKind.ChunkThrew => $"{Step,4}  {Worker,-18} chunk {Chunk} of job {Job} throws",
        EventKind.CallerEntered => $"{Step,4}  {Worker,-18} calls DoMultithreaded for job {Job}",
        EventKind.CallerReturned => $"{Step,4}  {Worker,-18} returns from DoMultithreaded (job {Job})",
        EventKind.CallerThrew => $"{Step,4}  {Worker,-18} DoMultithreaded throws (job {Job})",
        _ => $"{Step,4}  {Worker,-18} {Kind} {Job}",
    };
}
