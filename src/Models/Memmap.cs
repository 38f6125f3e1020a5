namespace Padata.Models;

/// <summary>
/// The array of page structs for a pfn range (the kernel's <c>mem_map</c>), zero-filled at
/// creation as memblock-allocated memory is. Indexing checks the range: a pfn outside it is a
/// model bug, never silently another page.
/// </summary>
public sealed class Memmap
{
    private readonly Page[] pages;

    public Memmap(PfnRange span)
    {
        if (span.Length > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(span), span.Length, $"a memmap holds at most {int.MaxValue} pages.");
        Span = span;
        pages = new Page[span.Length];
    }

    public PfnRange Span { get; }

    /// <summary>Bytes of page structs (<see cref="Page.Size"/> per page).</summary>
    public long Bytes => (long)pages.Length * Page.Size;

    public ref Page this[ulong pfn]
    {
        get
        {
            if (!Span.Contains(pfn))
                throw new ArgumentOutOfRangeException(nameof(pfn), pfn, $"pfn is outside the memmap {Span}.");
            return ref pages[pfn - Span.Start];
        }
    }

    /// <summary>The structs of <paramref name="range"/>, for bulk work (benchmarks clear them).</summary>
    public Span<Page> Pages(PfnRange range)
    {
        if (!Span.Contains(range))
            throw new ArgumentOutOfRangeException(nameof(range), range, $"range is outside the memmap {Span}.");
        return pages.AsSpan((int)(range.Start - Span.Start), (int)range.Length);
    }
}
