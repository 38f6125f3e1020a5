namespace Padata.Models;

/// <summary>
/// A hugetlbfs file's page cache: one slot per huge-page index, empty or holding one page. Slots
/// are changed only under the index's fault mutex (<see cref="FaultMutexTable"/>); reads for
/// verification happen once no call is running.
/// </summary>
public sealed class HugetlbFile
{
    private readonly HugePage?[] slots;

    /// <param name="mapping">The file's identity (its address_space), for the fault mutex hash.</param>
    /// <param name="maxPages">Huge-page indices the file can hold (its maximum size); at least 1.</param>
    public HugetlbFile(int mapping, int maxPages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        Mapping = mapping;
        slots = new HugePage?[maxPages];
    }

    public int Mapping { get; }

    public ulong MaxPages => (ulong)slots.Length;

    /// <summary>The page at <paramref name="index"/>, or null.</summary>
    public HugePage? PageAt(ulong index) => slots[Slot(index)];

    /// <summary>Puts <paramref name="page"/> at <paramref name="index"/> (the caller holds the index's fault mutex and found the slot empty).</summary>
    internal void Insert(ulong index, HugePage page) => slots[Slot(index)] = page;

    /// <summary>Empties the slot at <paramref name="index"/> (the caller holds the index's fault mutex).</summary>
    internal void Remove(ulong index) => slots[Slot(index)] = null;

    /// <summary>The page ids per slot (null for an empty slot).</summary>
    public int?[] Snapshot() => [.. slots.Select(p => p?.Id)];

    private int Slot(ulong index)
    {
        if (index >= (ulong)slots.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be below the file's {slots.Length} huge pages.");
        return (int)index;
    }

    public override string ToString() => $"hugetlbfs file #{Mapping}: {slots.Count(p => p is not null)} of {slots.Length} slots filled";
}
