namespace Padata.Reference;

/// <summary>
/// How <c>padata_do_multithreaded</c> splits a job, restated from the kernel's rule (docs/design.md;
/// DESIGN.md §2) for the tests to compare the engine against. Written apart from the engine's
/// <c>ChunkPlan</c> on purpose: no call into it, none of its constants, its own arithmetic (in
/// <see cref="UInt128"/>, so the kernel's expressions are written as the kernel writes them,
/// <c>roundup(pos + 1, chunk)</c> included, with no overflow to dodge near <see cref="ulong.MaxValue"/>).
/// Chunks are plain <c>(Start, End)</c> pairs, half-open.
/// </summary>
/// <param name="RequestedWorkers">The kernel's <c>nworks</c> (the caller included); 0 for an empty job.</param>
/// <param name="GrantedHelpers">Work items the job got from the pool.</param>
/// <param name="Workers">Workers that run: the caller and the granted helpers; 0 for an empty job.</param>
/// <param name="ChunkSize">The chunk size; the whole job on the single-threaded path; 0 for an empty job.</param>
/// <param name="Chunks">The chunks in hand-out order.</param>
internal sealed record KernelPlan(int RequestedWorkers, int GrantedHelpers, int Workers, ulong ChunkSize, IReadOnlyList<(ulong Start, ulong End)> Chunks)
{
    /// <summary>The kernel's <c>load_balance_factor</c>: chunks per worker the chunk size aims at.</summary>
    private const int KernelLoadBalanceFactor = 4;

    /// <summary>
    /// The plan when the pool holds <paramref name="poolAvailable"/> free work items at the moment
    /// the job asks: the kernel takes <c>min(available, nworks - 1)</c> and never waits for more.
    /// </summary>
    public static KernelPlan WithPool(ulong start, ulong size, ulong align, ulong minChunk, int maxThreads, int poolAvailable)
    {
        int requested = Requested(size, align, minChunk, maxThreads);
        return WithGrantedHelpers(start, size, align, minChunk, maxThreads, Math.Min(poolAvailable, Math.Max(requested - 1, 0)));
    }

    /// <summary>The plan when the pool granted <paramref name="grantedHelpers"/> work items (at most <c>nworks - 1</c>).</summary>
    public static KernelPlan WithGrantedHelpers(ulong start, ulong size, ulong align, ulong minChunk, int maxThreads, int grantedHelpers)
    {
        if (align == 0 || maxThreads < 1 || (UInt128)start + size > ulong.MaxValue)
            throw new ArgumentException($"not a valid job: start {start}, size {size}, align {align}, max_threads {maxThreads}.");
        int requested = Requested(size, align, minChunk, maxThreads);
        if (grantedHelpers < 0 || grantedHelpers > Math.Max(requested - 1, 0))
            throw new ArgumentOutOfRangeException(nameof(grantedHelpers), grantedHelpers, $"the job requests {requested} workers.");

        // 1. size == 0: return at once.
        if (size == 0)
            return new KernelPlan(0, 0, 0, 0, []);
        // 3. nworks == 1: the caller runs fn(start, start + size) itself.
        if (requested == 1)
            return new KernelPlan(1, 0, 1, size, [(start, start + size)]);

        // 5. The chunk size from the granted worker count n.
        UInt128 n = (UInt128)(1 + grantedHelpers);
        UInt128 chunk = size / (n * KernelLoadBalanceFactor);
        chunk = UInt128.Max(chunk, minChunk);
        chunk = UInt128.Max(chunk, 1);
        chunk = (chunk + align - 1) / align * align; // roundup(chunk, align)

        // 6. Each chunk ends at roundup(pos + 1, chunk), an absolute multiple of chunk, clipped to the end.
        var chunks = new List<(ulong, ulong)>();
        UInt128 end = (UInt128)start + size;
        for (UInt128 pos = start; pos < end;)
        {
            UInt128 next = UInt128.Min((pos + 1 + chunk - 1) / chunk * chunk, end);
            chunks.Add(((ulong)pos, (ulong)next));
            pos = next;
        }
        return new KernelPlan(requested, grantedHelpers, 1 + grantedHelpers, (ulong)chunk, chunks);
    }

    /// <summary>2. <c>nworks = max(size / max(min_chunk, align), 1)</c>, then at most <c>max_threads</c>; none for an empty job.</summary>
    public static int Requested(ulong size, ulong align, ulong minChunk, int maxThreads)
    {
        if (size == 0)
            return 0;
        UInt128 nworks = UInt128.Max((UInt128)size / UInt128.Max(minChunk, align), 1);
        return (int)UInt128.Min(nworks, (UInt128)maxThreads);
    }

    public override string ToString() =>
        $"requested {RequestedWorkers}, {Workers} worker(s), chunk {ChunkSize}: {string.Join(" ", Chunks.Select(c => $"[{c.Start}, {c.End})"))}";
}
