namespace Padata.Models;

/// <summary>A chunk's charge would take <c>locked_vm</c> past <c>RLIMIT_MEMLOCK</c> (<c>-ENOMEM</c>); the account was left as it was.</summary>
public sealed class MemlockLimitExceededException(Chunk chunk, long pages, long lockedVm, long limit)
    : Exception($"pinning chunk {chunk} needs {pages} more locked page(s) but locked_vm is {lockedVm} of RLIMIT_MEMLOCK {limit} (-ENOMEM)")
{
    public Chunk Chunk { get; } = chunk;
}
