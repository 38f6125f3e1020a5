namespace Padata.Verify;

/// <summary>
/// Part <see cref="K"/> of <see cref="N"/> (1 ≤ K ≤ N) of a check's plan: the units whose place in
/// the plan is K - 1 modulo N (in a <c>--budget</c> run, the seeds whose offset from the first seed
/// is). The whole run is shard 1/1.
/// </summary>
internal sealed record Shard(int K, int N)
{
    public static Shard Whole { get; } = new(1, 1);

    public bool Takes(long place) => place % N == K - 1;

    public override string ToString() => $"{K}/{N}";
}
