using System.Numerics;

namespace Padata.Models;

/// <summary>
/// The shape of a gigantic page: subpages of <see cref="SubpageSize"/> bytes, <see cref="Subpages"/>
/// of them. <c>clear_gigantic_page</c> clears a gigantic page subpage by subpage; the job's unit is
/// a subpage.
/// </summary>
public sealed record GiganticPageGeometry
{
    /// <param name="subpageSize">Bytes per subpage (the base page size); a power of two.</param>
    /// <param name="subpages">Subpages in the gigantic page; a power of two, and the page at most 1 GiB.</param>
    public GiganticPageGeometry(int subpageSize, int subpages)
    {
        if (subpageSize < 1 || !BitOperations.IsPow2(subpageSize))
            throw new ArgumentOutOfRangeException(nameof(subpageSize), subpageSize, "subpageSize must be a power of two.");
        if (subpages < 1 || !BitOperations.IsPow2(subpages))
            throw new ArgumentOutOfRangeException(nameof(subpages), subpages, "subpages must be a power of two (a gigantic page is a naturally aligned power-of-two block).");
        if ((long)subpageSize * subpages > MaxBytes)
            throw new ArgumentOutOfRangeException(nameof(subpages), subpages, $"the page ({subpageSize} B x {subpages}) must be at most 1 GiB ({MaxBytes:N0} bytes).");
        SubpageSize = subpageSize;
        Subpages = subpages;
    }

    /// <summary>The largest page the model holds in one array: 1 GiB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>x86-64's PUD-sized gigantic page: 1 GiB, 262,144 subpages of 4 KiB.</summary>
    public static GiganticPageGeometry X86_64_1GiB { get; } = new(4096, 262_144);

    /// <summary>For the controlled scheduler: 4 subpages of 16 bytes.</summary>
    public static GiganticPageGeometry Tiny { get; } = new(16, 4);

    public int SubpageSize { get; }

    public int Subpages { get; }

    public long Bytes => (long)SubpageSize * Subpages;

    public override string ToString() => $"{Subpages:N0} subpages of {SubpageSize:N0} B ({Bytes:N0} B)";
}
