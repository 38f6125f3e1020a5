namespace Padata.Models;

/// <summary>
/// The hugetlb fault mutexes (<c>hugetlb_fault_mutex_table</c>): a fixed table of locks, one chosen
/// per (file, index) by a hash (<c>hugetlb_fault_mutex_hash</c>), so that a fault and a fallocate,
/// or two fallocates, instantiating the same index of the same file serialize, without a lock per
/// index. Two indices may share a lock; that only serializes them more.
/// </summary>
public sealed class FaultMutexTable
{
    private readonly object[] mutexes;

    /// <param name="count">Locks in the table; at least 1 (the kernel uses 8 per possible CPU, rounded up to a power of two).</param>
    public FaultMutexTable(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        mutexes = new object[count];
        for (int i = 0; i < count; i++)
            mutexes[i] = new object();
    }

    public int Count => mutexes.Length;

    /// <summary>The lock for <paramref name="index"/> of the file <paramref name="mapping"/>.</summary>
    public object For(int mapping, ulong index)
    {
        // A multiplicative mix of both keys (the kernel hashes the mapping and index with jhash2).
        ulong h = ((ulong)(uint)mapping * 0x9E3779B97F4A7C15UL) ^ (index * 0xC2B2AE3D27D4EB4FUL);
        return mutexes[(int)((h >> 17) % (ulong)mutexes.Length)];
    }
}
