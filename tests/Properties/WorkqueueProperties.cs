using FsCheck.Xunit;

namespace Padata.Properties;

/// <summary>
/// The workqueue on real threads: threads on demand up to the limit, every item run once, drained
/// on dispose. (That an idle thread is reused rather than another started depends on timing natively;
/// the systematic scenario dispose/idle-worker-reused checks it in every schedule.)
/// </summary>
public class WorkqueueProperties
{
    private sealed class CountingItem(int[] runs, int index, int spin) : IWorkItem
    {
        public bool Execute()
        {
            Thread.SpinWait(spin);
            Interlocked.Increment(ref runs[index]);
            return true;
        }
    }

    [Property(MaxTest = 60)]
    public void Every_queued_item_runs_exactly_once_on_at_most_max_workers_threads_even_when_disposed_at_once(
        byte maxByte, byte itemsByte, bool disposeAtOnce, byte batchByte)
    {
        int max = maxByte % 4 + 1, items = itemsByte % 40, batch = batchByte % 5 + 1;
        var runs = new int[items];
        var queue = new Workqueue(max);
        // Singly and in batches of up to five (a padata caller queues its helpers as one batch).
        for (int i = 0; i < items; i += batch)
            queue.QueueAll([.. Enumerable.Range(i, Math.Min(batch, items - i)).Select(j => (IWorkItem)new CountingItem(runs, j, j % 3 * 200))]);
        string what = $"{items} item(s) in batches of {batch} on a workqueue of {max} thread(s)";
        if (!disposeAtOnce)
            Bounded.Until(() => runs.Sum() >= items, null, $"{what}: all run");
        Bounded.Call(() => { queue.Dispose(); return 0; }, null, $"{what}: Dispose");

        Assert.All(runs, count => Assert.Equal(1, count));
        Assert.InRange(queue.WorkerCount, items == 0 ? 0 : 1, max);
        Assert.Throws<ObjectDisposedException>(() => queue.Queue(new CountingItem(new int[1], 0, 0)));
    }

    [Fact]
    public void A_workqueue_without_workers_refuses_items_instead_of_losing_them()
    {
        using var queue = new Workqueue(0);
        Assert.Throws<InvalidOperationException>(() => queue.Queue(new CountingItem(new int[1], 0, 0)));
    }

    [Fact]
    public void A_batch_with_a_null_item_is_refused_whole_and_names_the_item()
    {
        var runs = new int[1];
        using var queue = new Workqueue(2);
        var error = Assert.Throws<ArgumentException>(() => queue.QueueAll([new CountingItem(runs, 0, 0), null!]));
        Assert.Equal("items", error.ParamName);
        Assert.Contains("items[1]", error.Message);
        queue.Dispose();
        Assert.Equal(0, runs[0]);
    }

    [Fact]
    public void A_batch_queued_after_dispose_is_refused_whole()
    {
        var runs = new int[2];
        var queue = new Workqueue(2);
        queue.Dispose();
        Assert.Throws<ObjectDisposedException>(() => queue.QueueAll([new CountingItem(runs, 0, 0), new CountingItem(runs, 1, 0)]));
        Assert.Equal([0, 0], runs);
    }
}
