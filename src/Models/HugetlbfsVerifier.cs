namespace Padata.Models;

/// <summary>
/// Checks a <see cref="HugetlbfsModel"/> after fallocate calls, from the state before them and the
/// calls' outcomes alone:
/// <list type="bullet">
/// <item>accounting: the free count equals the free list, and every page of the pool is in the
/// free list or in one slot of one file, exactly once (free + in files = total; no page in two slots);</item>
/// <item>every page a file holds is cleared;</item>
/// <item>an index that had a page before still has that very page;</item>
/// <item>an index that was empty before: empty if no successful call covers it (a failed call
/// leaves no page of its own); one page if a successful call covers it and no failed call does;
/// one page or empty if both a successful and a failed call cover it (the successful call may
/// have found the failing call's page there and skipped the index, and the failing call's
/// rollback then took its page away: the rollback removes only its own pages, never another's).</item>
/// </list>
/// A single call, or calls on disjoint ranges, therefore either fill every index of the range or
/// leave it exactly as it was.
/// </summary>
public static class HugetlbfsVerifier
{
    public const int MaxListed = 20;

    /// <param name="before">Each file's <see cref="HugetlbFile.Snapshot"/> before the calls, in file order.</param>
    public static VerificationReport Verify(HugetlbfsModel model, IReadOnlyList<int?[]> before, IReadOnlyList<FallocateOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(outcomes);
        var report = new VerificationReport.Builder(MaxListed);
        HugePagePool pool = model.Pool;

        var (freeList, freeCount) = pool.Snapshot();
        if (freeCount != freeList.Count)
            report.Add($"the pool's free count is {freeCount} but its free list holds {freeList.Count} page(s)");
        var where = new string?[pool.Total];
        void Place(HugePage page, string place)
        {
            if (page.Id < 0 || page.Id >= pool.Total)
                report.Add($"{place} holds {page}, which is not a page of the pool");
            else if (where[page.Id] is { } other)
                report.Add($"{page} is in two places: {other} and {place}");
            else
                where[page.Id] = place;
        }
        foreach (HugePage page in freeList)
            Place(page, "the free list");
        int inFiles = 0;
        foreach (HugetlbFile file in model.Files)
            for (ulong index = 0; index < file.MaxPages; index++)
                if (file.PageAt(index) is { } page)
                {
                    inFiles++;
                    Place(page, $"file #{file.Mapping} index {index}");
                    int dirty = page.Data.AsSpan().IndexOfAnyExcept((byte)0);
                    if (dirty >= 0)
                        report.Add($"{page} at file #{file.Mapping} index {index} is not cleared (byte {dirty} is 0x{page.Data[dirty]:X2})");
                }
        if (freeList.Count + inFiles != pool.Total)
            report.Add($"pool accounting: {freeList.Count} free + {inFiles} in files = {freeList.Count + inFiles}, expected the pool's {pool.Total}");
        for (int id = 0; id < pool.Total; id++)
            if (where[id] is null)
                report.Add($"huge page #{id} is lost: neither free nor in any file");

        for (int f = 0; f < model.Files.Count; f++)
        {
            HugetlbFile file = model.Files[f];
            int?[] was = before[f];
            for (ulong index = 0; index < file.MaxPages; index++)
            {
                int? now = file.PageAt(index)?.Id;
                if (was[index] is { } id)
                {
                    if (now != id)
                        report.Add($"file #{f} index {index} held huge page #{id} before the calls and now holds {(now is null ? "nothing" : $"#{now}")}: a page that was there before was taken away");
                    continue;
                }
                bool bySuccess = outcomes.Any(o => o.Succeeded && o.Request.File == f && o.Request.Covers(index));
                bool byFailure = outcomes.Any(o => !o.Succeeded && o.Request.File == f && o.Request.Covers(index));
                if (!bySuccess && now is not null)
                    report.Add(byFailure
                        ? $"file #{f} index {index} was empty, only failed calls cover it, yet it holds huge page #{now}: a failed call left a trace"
                        : $"file #{f} index {index} was empty and no call covers it, yet it holds huge page #{now}");
                else if (bySuccess && !byFailure && now is null)
                    report.Add($"file #{f} index {index} is covered by a successful call, yet it has no page");
            }
        }
        return report.Build((ulong)pool.Total);
    }
}
