namespace Padata.Models;

/// <summary>
/// A gigantic page in memory with a guard region of one subpage before and after it, all in one
/// array, so a clear that strays past the page's ends writes bytes someone else owns. On
/// construction the page holds stale data (every byte non-zero) and each guard byte holds
/// <see cref="GuardByte"/> of its position, which nothing in the model ever writes again.
/// </summary>
public sealed class GiganticPage
{
    private readonly byte[] memory;

    public GiganticPage(GiganticPageGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Geometry = geometry;
        memory = new byte[geometry.Bytes + 2L * geometry.SubpageSize];
        for (int i = 0; i < GuardBytes; i++)
        {
            memory[i] = GuardByte(i);
            memory[GuardBytes + geometry.Bytes + i] = GuardByte(GuardBytes + i);
        }
        Dirty();
    }

    public GiganticPageGeometry Geometry { get; }

    /// <summary>Bytes of each guard region: one subpage.</summary>
    public int GuardBytes => Geometry.SubpageSize;

    /// <summary>The guard regions' content: byte <paramref name="i"/> of the two guards taken together (never 0).</summary>
    public static byte GuardByte(int i) => (byte)(i * 37 % 251 + 1);

    /// <summary>Fills the page (not the guards) with stale non-zero data, as a page freshly taken from the allocator may hold.</summary>
    public void Dirty() => memory.AsSpan(GuardBytes, (int)Geometry.Bytes).Fill(0xA5);

    /// <summary>Subpage <paramref name="subpage"/>'s bytes.</summary>
    public Span<byte> Subpage(ulong subpage)
    {
        if (subpage >= (ulong)Geometry.Subpages)
            throw new ArgumentOutOfRangeException(nameof(subpage), subpage, $"subpage must be below {Geometry.Subpages}.");
        return memory.AsSpan(GuardBytes + (int)subpage * Geometry.SubpageSize, Geometry.SubpageSize);
    }

    /// <summary>The page's bytes, <paramref name="start"/> to <paramref name="end"/> subpages.</summary>
    public Span<byte> Subpages(ulong start, ulong end)
    {
        if (start > end || end > (ulong)Geometry.Subpages)
            throw new ArgumentOutOfRangeException(nameof(end), end, $"[{start}, {end}) must lie within [0, {Geometry.Subpages}].");
        return memory.AsSpan(GuardBytes + (int)start * Geometry.SubpageSize, (int)(end - start) * Geometry.SubpageSize);
    }

    /// <summary>The whole page, without the guards.</summary>
    public Span<byte> Page => memory.AsSpan(GuardBytes, (int)Geometry.Bytes);

    /// <summary>The guard before the page, then the guard after it.</summary>
    public ReadOnlySpan<byte> GuardBefore => memory.AsSpan(0, GuardBytes);

    public ReadOnlySpan<byte> GuardAfter => memory.AsSpan(GuardBytes + (int)Geometry.Bytes, GuardBytes);

    /// <summary>
    /// The memory a subpage index writes to when nothing checks it against the page: the guard
    /// after the page for index <see cref="GiganticPageGeometry.Subpages"/>. Only the clear's
    /// thread function uses it, so it writes where its index says, like the kernel's pointer
    /// arithmetic, and an off-by-one is seen by the guard check rather than stopped by a bounds check.
    /// </summary>
    internal Span<byte> Raw(ulong subpage) =>
        memory.AsSpan(GuardBytes + (int)subpage * Geometry.SubpageSize, Geometry.SubpageSize);

    public override string ToString() => $"gigantic page of {Geometry} with {GuardBytes:N0} B guards";
}
