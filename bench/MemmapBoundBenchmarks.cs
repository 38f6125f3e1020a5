using BenchmarkDotNet.Attributes;
using Padata.Models;

namespace Padata.Bench;

/// <summary>
/// Where one worker's page-init time goes, against the Span.Clear bound, on the same 4,194,304-page
/// memmap as <see cref="PageInitBenchmarks"/>: one pass reading every page struct, one pass
/// storing a page's fields without reading anything, and <see cref="Page.Initialize"/> alone
/// (no buddy free). Each iteration starts from a cleared memmap (not timed), as there.
/// </summary>
[Config(typeof(BenchConfig))]
public class MemmapBoundBenchmarks
{
    private Memmap memmap = null!;

    [GlobalSetup]
    public void Setup() =>
        memmap = new Memmap(new PfnRange(PageInitBenchmarks.ZoneStart, PageInitBenchmarks.ZoneStart + PageInitBenchmarks.ZonePages));

    [IterationSetup]
    public void Clear() => memmap.Pages(memmap.Span).Clear();

    [Benchmark(Description = "read every page struct")]
    public ulong ReadPass()
    {
        ulong sum = 0;
        foreach (ref Page page in memmap.Pages(memmap.Span))
            sum += page.Flags;
        return sum;
    }

    [Benchmark(Description = "store every page struct (no reads)")]
    public void StorePass()
    {
        ulong pfn = memmap.Span.Start;
        foreach (ref Page page in memmap.Pages(memmap.Span))
        {
            page = default;
            page.Flags = 1;
            page.RefCount = 1;
            page.MapCount = -1;
            page.LruNext = page.LruPrev = pfn++;
        }
    }

    [Benchmark(Description = "Page.Initialize of every page (no free)")]
    public void InitializePass()
    {
        ulong pfn = memmap.Span.Start;
        foreach (ref Page page in memmap.Pages(memmap.Span))
            page.Initialize(pfn++, 1);
    }

    [Benchmark(Description = "Span.Clear of the memmap", Baseline = true)]
    public void ClearPass() => memmap.Pages(memmap.Span).Clear();
}
