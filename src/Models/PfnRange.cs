namespace Padata.Models;

/// <summary>A half-open range of page frame numbers, <c>[Start, End)</c>.</summary>
public readonly record struct PfnRange
{
    public PfnRange(ulong start, ulong end)
    {
        if (end < start)
            throw new ArgumentOutOfRangeException(nameof(end), end, $"end must not be below start ({start}).");
        Start = start;
        End = end;
    }

    public ulong Start { get; }

    public ulong End { get; }

    public ulong Length => End - Start;

    public bool IsEmpty => End == Start;

    public bool Contains(ulong pfn) => pfn >= Start && pfn < End;

    public bool Contains(PfnRange other) => other.Start >= Start && other.End <= End;

    public bool Overlaps(PfnRange other) => other.Start < End && Start < other.End;

    public override string ToString() => $"[{Start}, {End})";
}
