namespace Padata.Models;

/// <summary>One huge page of the pool: an identity (for the accounting checks) and its bytes.</summary>
public sealed class HugePage(int id, int size)
{
    public int Id { get; } = id;

    public byte[] Data { get; } = new byte[size];

    public override string ToString() => $"huge page #{Id}";
}
