namespace Padata.Models;

/// <summary>
/// The page structs of a range of pfns, reduced to what pinning touches: a pin count per page
/// (the kernel's page refcount taken by <c>get_user_pages</c>), atomic because two requests may
/// pin the same page at once.
/// </summary>
public sealed class PageFrames
{
    private readonly int[] pins;

    public PageFrames(ulong firstPfn, ulong count)
    {
        if (count > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at most {int.MaxValue} pages.");
        FirstPfn = firstPfn;
        pins = new int[count];
    }

    public ulong FirstPfn { get; }
    public ulong Count => (ulong)pins.Length;

    public void Pin(ulong pfn) => Interlocked.Increment(ref pins[Index(pfn)]);

    public void Unpin(ulong pfn) => Interlocked.Decrement(ref pins[Index(pfn)]);

    public int PinCount(ulong pfn) => Volatile.Read(ref pins[Index(pfn)]);

    private int Index(ulong pfn)
    {
        if (pfn < FirstPfn || pfn - FirstPfn >= Count)
            throw new ArgumentOutOfRangeException(nameof(pfn), pfn, $"pfn is outside [{FirstPfn}, {FirstPfn + Count}).");
        return (int)(pfn - FirstPfn);
    }
}
