namespace Padata.Models;

/// <summary>The pool had no free unreserved huge page for an index: fallocate's ENOSPC.</summary>
public sealed class HugetlbNoSpaceException(FallocateRequest request, ulong index, string pool)
    : Exception($"ENOSPC: no free huge page for index {index} of {request} ({pool})")
{
    public ulong Index { get; } = index;
}
