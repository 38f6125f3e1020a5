namespace Padata.Models;

/// <summary>
/// One hugetlbfs mount: a pool of huge pages, the fault mutex table, and files. Pages a file holds
/// before any fallocate are taken from the pool (and cleared) by <see cref="Prepopulate"/>, so
/// every page is always either free or in exactly one slot.
/// </summary>
public sealed class HugetlbfsModel
{
    private readonly List<HugetlbFile> files = [];

    /// <param name="poolPages">Huge pages in the pool; 0 or more.</param>
    /// <param name="pageSize">Bytes per huge page (2 MiB on x86-64; a few bytes for the controlled runs).</param>
    /// <param name="reserved">Pool pages reserved for others.</param>
    /// <param name="faultMutexes">Locks in the fault mutex table.</param>
    public HugetlbfsModel(int poolPages, int pageSize, int reserved = 0, int faultMutexes = 64)
    {
        Pool = new HugePagePool(poolPages, pageSize, reserved);
        FaultMutexes = new FaultMutexTable(faultMutexes);
    }

    /// <summary>2 MiB, x86-64's PMD-sized huge page.</summary>
    public const int HugePageSize2MiB = 2 << 20;

    public HugePagePool Pool { get; }

    public FaultMutexTable FaultMutexes { get; }

    public IReadOnlyList<HugetlbFile> Files => files;

    /// <summary>A new empty file of <paramref name="maxPages"/> huge-page indices.</summary>
    public HugetlbFile CreateFile(int maxPages)
    {
        var file = new HugetlbFile(files.Count, maxPages);
        files.Add(file);
        return file;
    }

    /// <summary>Gives <paramref name="file"/> a page at each of <paramref name="indices"/> (before any call runs).</summary>
    public void Prepopulate(HugetlbFile file, IEnumerable<ulong> indices)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach (ulong index in indices)
        {
            if (file.PageAt(index) is not null)
                throw new ArgumentException($"index {index} of {file} is given a page twice.", nameof(indices));
            HugePage page = Pool.TryAllocate()
                ?? throw new ArgumentException($"the pool has no free page left to prepopulate index {index} ({Pool}).", nameof(indices));
            page.Data.AsSpan().Clear();
            file.Insert(index, page);
        }
    }

    /// <summary>Refuses a request outside its file, naming the rule.</summary>
    public void Validate(FallocateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.File < 0 || request.File >= files.Count)
            throw new ArgumentOutOfRangeException(nameof(request), request.File, $"the request's file must be one of the {files.Count} file(s).");
        HugetlbFile file = files[request.File];
        if (request.Index > file.MaxPages || request.Pages > file.MaxPages - request.Index)
            throw new ArgumentOutOfRangeException(nameof(request), request.ToString(),
                $"the request's indices must lie within the file's {file.MaxPages} huge pages (the kernel's EFBIG).");
    }

    public override string ToString() => $"{Pool}; {files.Count} file(s); {FaultMutexes.Count} fault mutexes";
}
