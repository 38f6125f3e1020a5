namespace Padata.Models;

/// <summary>
/// <c>fallocate(fd, 0, offset, length)</c> on a hugetlbfs file, as the huge-page indices it
/// covers: <see cref="Pages"/> indices from <see cref="Index"/>.
/// </summary>
public sealed record FallocateRequest(int File, ulong Index, ulong Pages)
{
    public ulong End => Index + Pages;

    /// <summary>
    /// The indices a byte range covers, as <c>hugetlbfs_fallocate</c> computes them: from the page
    /// holding <paramref name="offset"/> to the page holding the range's last byte.
    /// </summary>
    public static FallocateRequest FromBytes(int file, ulong offset, ulong length, ulong hugePageSize)
    {
        ArgumentOutOfRangeException.ThrowIfZero(hugePageSize);
        ArgumentOutOfRangeException.ThrowIfZero(length);
        if (length > ulong.MaxValue - offset - (hugePageSize - 1))
            throw new ArgumentOutOfRangeException(nameof(length), length, "offset + length overflows.");
        ulong start = offset / hugePageSize;
        ulong end = (offset + length + hugePageSize - 1) / hugePageSize;
        return new FallocateRequest(file, start, end - start);
    }

    public bool Covers(ulong index) => index >= Index && index < End;

    public override string ToString() => $"fallocate file #{File} indices [{Index}, {End})";
}
