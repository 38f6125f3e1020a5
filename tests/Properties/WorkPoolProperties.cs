using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Padata.Properties;

/// <summary>The shared work-item pool: conservation, capacity, misuse, and concurrent use.</summary>
public class WorkPoolProperties
{
    /// <summary>One step against a pool: take up to N, or return the batch taken at some earlier index.</summary>
    public sealed record PoolStep(bool IsTake, int Count, int BatchIndex);

    public static class Steps
    {
        public static Arbitrary<PoolStep[]> Sequence() =>
            (from take in Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false)))
             from count in Gen.Choose(0, 6)
             from batch in Gen.Choose(0, 1000)
             select new PoolStep(take, count, batch)).ArrayOf().ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Steps)], MaxTest = 300)]
    public void Items_are_conserved_and_capacity_never_exceeded_under_any_sequence_of_takes_and_returns(byte capacityByte, PoolStep[] steps)
    {
        int capacity = capacityByte % 9;
        var pool = new WorkPool(capacity);
        var held = new List<PadataWork[]>();
        foreach (PoolStep step in steps)
        {
            int before = pool.Available;
            if (step.IsTake)
            {
                PadataWork[] got = pool.Take(step.Count);
                Assert.Equal(Math.Min(step.Count, before), got.Length);
                held.Add(got);
            }
            else if (held.Count > 0)
            {
                int index = step.BatchIndex % held.Count;
                pool.Return(held[index]);
                held.RemoveAt(index);
            }
            int outstanding = held.Sum(b => b.Length);
            Assert.Equal(capacity, pool.Available + outstanding);
            Assert.Equal(outstanding, held.SelectMany(b => b).Distinct().Count());
        }
        foreach (PadataWork[] batch in held)
            pool.Return(batch);
        Assert.Equal(capacity, pool.Available);
    }

    [Property]
    public void Returning_an_item_twice_or_to_another_pool_is_rejected_and_leaves_the_pool_unchanged(PositiveInt capacity)
    {
        int n = capacity.Get % 8 + 1;
        var pool = new WorkPool(n);
        var other = new WorkPool(1);
        PadataWork[] taken = pool.Take(n);
        pool.Return([taken[0]]);

        Assert.Throws<InvalidOperationException>(() => pool.Return([taken[^1], taken[0]]));
        Assert.Equal(1, pool.Available);
        if (n > 1)
        {
            Assert.Throws<InvalidOperationException>(() => pool.Return([taken[1], taken[1]]));
            Assert.Equal(1, pool.Available);
        }
        var foreign = Assert.Throws<ArgumentException>(() => other.Return([taken[^1]]));
        Assert.Equal("items", foreign.ParamName);
        Assert.Equal(1, other.Available);
        pool.Return(taken[1..]);
        Assert.Equal(n, pool.Available);
    }

    [Property(MaxTest = 30)]
    public void Concurrent_takes_and_returns_never_hand_one_item_to_two_holders_and_lose_nothing(byte capacityByte, byte seed)
    {
        int capacity = capacityByte % 6 + 1;
        var pool = new WorkPool(capacity);
        var holder = new int[capacity]; // 0 = free, else the holding thread's number
        int violations = 0;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(1, 4).Select(t => new Thread(() =>
        {
            var random = new Random(seed * 31 + t);
            // An exception here must fail this property, not the test process.
            try
            {
                for (int round = 0; round < 2000; round++)
                {
                    PadataWork[] got = pool.Take(random.Next(0, capacity + 1));
                    foreach (PadataWork item in got)
                        if (Interlocked.CompareExchange(ref holder[item.Id], t, 0) != 0)
                            Interlocked.Increment(ref violations);
                    if (random.Next(4) == 0)
                        Thread.Yield();
                    foreach (PadataWork item in got)
                        if (Interlocked.CompareExchange(ref holder[item.Id], 0, t) != t)
                            Interlocked.Increment(ref violations);
                    pool.Return(got);
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) Bounded.Join(thread, null, $"a thread taking and returning items of a pool of {capacity}");

        Assert.Empty(errors);
        Assert.Equal(0, violations);
        Assert.Equal(capacity, pool.Available);
    }

    [Fact]
    public void A_negative_capacity_is_rejected_naming_it()
    {
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new WorkPool(-1)).ParamName);
        Assert.Equal("poolCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new PadataEngine(-1)).ParamName);
    }
}
