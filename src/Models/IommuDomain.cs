namespace Padata.Models;

/// <summary>
/// An IOMMU translation table, IOVA page to pfn, with a mapping count per IOVA page so that a
/// double map or an unmap of nothing shows up to the verifier instead of being absorbed.
/// </summary>
public sealed class IommuDomain
{
    private readonly ulong[] pfnPlusOne;
    private readonly int[] mappings;

    public IommuDomain(ulong iovaPages)
    {
        if (iovaPages > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(iovaPages), iovaPages, $"iovaPages must be at most {int.MaxValue}.");
        pfnPlusOne = new ulong[iovaPages];
        mappings = new int[iovaPages];
    }

    public ulong IovaPages => (ulong)mappings.Length;

    public void Map(ulong iova, ulong pfn)
    {
        int i = Index(iova);
        // The entry first, then the count: the interlocked increment is a full fence, so whoever
        // sees the mapping counted sees its pfn too.
        pfnPlusOne[i] = pfn + 1;
        Interlocked.Increment(ref mappings[i]);
    }

    public void Unmap(ulong iova)
    {
        int i = Index(iova);
        if (Interlocked.Decrement(ref mappings[i]) == 0)
            pfnPlusOne[i] = 0;
    }

    /// <summary>How many times the IOVA page is mapped right now (1 for a live mapping).</summary>
    public int Mappings(ulong iova) => Volatile.Read(ref mappings[Index(iova)]);

    /// <summary>The pfn the IOVA page translates to, or null when it is unmapped.</summary>
    public ulong? PfnAt(ulong iova)
    {
        ulong entry = Volatile.Read(ref pfnPlusOne[Index(iova)]);
        return entry == 0 ? null : entry - 1;
    }

    private int Index(ulong iova)
    {
        if (iova >= IovaPages)
            throw new ArgumentOutOfRangeException(nameof(iova), iova, $"iova page is outside [0, {IovaPages}).");
        return (int)iova;
    }
}
