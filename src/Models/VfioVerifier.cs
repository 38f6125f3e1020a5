namespace Padata.Models;

/// <summary>
/// Checks a <see cref="VfioModel"/> after DMA map requests against the invariants of DESIGN.md's
/// VFIO model, restated from the requests alone: every page of a request that succeeded is pinned
/// once for it and its IOVA pages are mapped exactly once, each to the pfn the process's page table
/// gives; a request that failed left no pin, no mapping and no charge; IOVA pages of no successful
/// request are unmapped; <c>locked_vm</c> is what it was before plus the pages of the successful
/// requests, and within <c>RLIMIT_MEMLOCK</c>.
/// </summary>
public static class VfioVerifier
{
    public const int MaxListed = 20;

    /// <param name="lockedVmBefore">locked_vm before the first of the requests.</param>
    public static VerificationReport Verify(VfioModel model, IReadOnlyList<DmaMapOutcome> outcomes, long lockedVmBefore = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(outcomes);
        var report = new VerificationReport.Builder(MaxListed);

        // Expected pins per vaddr page and the expected owner of each IOVA page, from the
        // successful requests alone.
        var pins = new int[model.MemoryPages];
        var owner = new DmaMapRequest?[model.Iommu.IovaPages];
        long charged = 0;
        foreach (DmaMapOutcome outcome in outcomes.Where(o => o.Succeeded))
        {
            DmaMapRequest r = outcome.Request;
            charged += (long)r.Pages;
            for (ulong v = r.VaddrPage; v < r.VaddrEnd; v++)
            {
                pins[v]++;
                ulong iova = r.IovaOf(v);
                if (owner[iova] is { } other)
                    report.Add($"IOVA page {iova} is claimed by two successful requests ({other}; {r}): the scenario is invalid");
                owner[iova] = r;
            }
        }

        for (ulong v = 0; v < model.MemoryPages; v++)
        {
            ulong pfn = model.PfnOf(v);
            int actual = model.Frames.PinCount(pfn);
            if (actual != pins[v])
                report.Add($"pfn {pfn} (vaddr page {v}) is pinned {actual} time(s), expected {pins[v]} (one per successful request covering it)");
        }

        for (ulong iova = 0; iova < model.Iommu.IovaPages; iova++)
        {
            int mappings = model.Iommu.Mappings(iova);
            ulong? pfn = model.Iommu.PfnAt(iova);
            if (owner[iova] is { } r)
            {
                ulong want = model.PfnOf(r.VaddrPage + (iova - r.IovaPage));
                if (mappings != 1 || pfn != want)
                    report.Add($"IOVA page {iova} of successful request ({r}) is mapped {mappings} time(s) to pfn {pfn?.ToString() ?? "none"}, expected once to pfn {want}");
            }
            else if (mappings != 0 || pfn is not null)
            {
                string failed = string.Join("; ", outcomes.Where(o => !o.Succeeded && iova >= o.Request.IovaPage && iova < o.Request.IovaPage + o.Request.Pages).Select(o => o.Request));
                report.Add($"IOVA page {iova} is mapped {mappings} time(s) to pfn {pfn?.ToString() ?? "none"} but no successful request covers it" +
                           (failed.Length > 0 ? $" (failed request left a trace: {failed})" : ""));
            }
        }

        long lockedVm = model.Account.LockedVm;
        if (lockedVm != lockedVmBefore + charged)
            report.Add($"locked_vm is {lockedVm} pages, expected {lockedVmBefore} before + {charged} of the successful requests = {lockedVmBefore + charged}");
        if (lockedVm > model.Account.Limit)
            report.Add($"locked_vm {lockedVm} exceeds RLIMIT_MEMLOCK {model.Account.Limit}");
        return report.Build(model.MemoryPages);
    }
}
