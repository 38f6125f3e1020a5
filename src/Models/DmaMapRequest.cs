namespace Padata.Models;

/// <summary>A <c>VFIO_IOMMU_MAP_DMA</c> request: map <see cref="Pages"/> pages of the process's memory from <see cref="VaddrPage"/> at <see cref="IovaPage"/>.</summary>
public sealed record DmaMapRequest(ulong VaddrPage, ulong IovaPage, ulong Pages)
{
    public ulong VaddrEnd => VaddrPage + Pages;

    public ulong IovaOf(ulong vaddrPage) => IovaPage + (vaddrPage - VaddrPage);

    public override string ToString() => $"map {Pages} page(s) of vaddr [{VaddrPage}, {VaddrEnd}) at iova {IovaPage}";
}
