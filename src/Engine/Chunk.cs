namespace Padata;

/// <summary>A half-open range <c>[Start, End)</c> of a job's units, handed to one call of the thread function.</summary>
public readonly record struct Chunk(ulong Start, ulong End)
{
    public ulong Size => End - Start;

    public override string ToString() => $"[{Start}, {End})";
}
