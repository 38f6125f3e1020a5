namespace Padata.Models;

/// <summary>
/// A zone as the firmware describes it: the pfn range it spans and the present ranges inside it
/// (the kernel's memblock); the gaps between present ranges are holes, whose page structs deferred
/// init must never touch. Neither the span nor the ranges need be section- or block-aligned.
/// </summary>
public sealed record ZoneLayout(string Name, PfnRange Span, IReadOnlyList<PfnRange> Present)
{
    public ulong PresentPages => Present.Aggregate(0UL, (sum, r) => sum + r.Length);

    public override string ToString() => $"{Name} {Span} present {string.Join(" ", Present)}";
}
