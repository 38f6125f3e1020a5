namespace Padata.Models;

/// <summary>A page of the request could not be pinned (<c>get_user_pages</c> failed: <c>-EFAULT</c>).</summary>
public sealed class VfioPinFaultException(ulong vaddrPage)
    : Exception($"vaddr page {vaddrPage} cannot be pinned (-EFAULT)")
{
    public ulong VaddrPage { get; } = vaddrPage;
}
