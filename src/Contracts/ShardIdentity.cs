namespace Padata.Harness.Contracts;

/// <summary>Shard <see cref="K"/> of <see cref="N"/> (1 ≤ K ≤ N).</summary>
public sealed record ShardIdentity(int K, int N)
{
    public override string ToString() => $"{K}/{N}";
}
