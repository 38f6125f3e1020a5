namespace Padata.Models;

/// <summary>
/// One job of a node's deferred init: the multithreaded job over one contiguous present range of
/// <paramref name="Zone"/>, from the range's start (or the previous job's end) to the range's end
/// rounded up to a section.
/// </summary>
public sealed record RangeInitJob(Zone Zone, PfnRange Range, MultithreadedJob Job)
{
    public override string ToString() => $"{Zone.Name} {Range}: {Job}";
}
