using System.CommandLine;
using System.Diagnostics;

namespace Padata.Verify;

/// <summary>
/// <c>run</c>: one multithreaded job on real threads (the unrewritten engine), printing what the
/// engine did. The thread function sums its units so every chunk does real work; the sum is
/// checked against the closed form, so a lost or repeated chunk is reported, not hidden.
/// </summary>
internal static class NativeRunCommand
{
    public static Command Create()
    {
        var size = Values.WholeNumber<ulong>("--size", "Units in the job (0 is a no-op).", 0, ulong.MaxValue, 100_000_000);
        var start = Values.WholeNumber<ulong>("--start", "First unit.", 0, ulong.MaxValue, 0);
        var align = Values.WholeNumber<ulong>("--align", "Chunk boundaries are multiples of this.", 1, ulong.MaxValue, 1);
        var minChunk = Values.WholeNumber<ulong>("--min-chunk", "Least units worth one helper (0 = no minimum).", 0, ulong.MaxValue, 1_000_000);
        var threads = Values.WholeNumber<int>("--max-threads", "Most workers, the caller included.", 1, int.MaxValue, Environment.ProcessorCount);

        var command = new Command("run", "Run one job natively on the default engine and print workers, chunks and time.")
        {
            size, start, align, minChunk, threads,
        };
        command.Validators.Add(result =>
        {
            if (Values.TryGet(result, start, out ulong first) && Values.TryGet(result, size, out ulong count) && count > ulong.MaxValue - first)
                result.AddError($"--start plus --size must not pass {ulong.MaxValue:N0}, the last unit there is (got {first:N0} + {count:N0}).");
        });
        command.SetAction(parse =>
        {
            ulong first = parse.GetValue(start), count = parse.GetValue(size);
            MultithreadedJob job;
            var perChunk = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            UInt128 total = 0;
            object totalLock = new();
            int callerThread = Environment.CurrentManagedThreadId;
            try
            {
                job = new MultithreadedJob(first, count, parse.GetValue(align), parse.GetValue(minChunk), parse.GetValue(threads), (s, e) =>
                {
                    UInt128 sum = 0;
                    for (ulong unit = s; unit < e; unit++)
                        sum += unit;
                    lock (totalLock)
                        total += sum;
                    int thread = Environment.CurrentManagedThreadId;
                    perChunk.AddOrUpdate(thread == callerThread ? "caller" : $"kworker (thread {thread})", 1, (_, n) => n + 1);
                });
            }
            catch (ArgumentException e)
            {
                // Every rule the engine states is checked by the parser first; this is the engine
                // refusing a job for a reason the options do not know of.
                throw new UsageException($"the engine refused the job: {e.Message}");
            }

            var clock = Stopwatch.StartNew();
            JobResult result = PadataEngine.Default.DoMultithreaded(job);
            clock.Stop();

            UInt128 expected = count == 0 ? 0 : ((UInt128)first + (first + count - 1)) * count / 2;
            Console.WriteLine($"{job}");
            Console.WriteLine(
                $"workers: {result.Workers} of {result.RequestedWorkers} requested (pool of {PadataEngine.Default.PoolCapacity} work items)");
            Console.WriteLine($"chunks:  {result.Chunks} of {result.ChunkSize} units");
            foreach (var (worker, chunks) in perChunk.OrderBy(p => p.Key))
                Console.WriteLine($"  {worker,-26} {chunks} chunk(s)");
            double unitsPerSecond = count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            Console.WriteLine($"time:    {clock.Elapsed.TotalMilliseconds:F2} ms ({unitsPerSecond / 1e6:F0} M units/s)");
            if (total != expected)
            {
                Console.Error.WriteLine($"WRONG: sum of units {total}, expected {expected}: a chunk was lost or repeated.");
                return ExitCode.Violated;
            }
            Console.WriteLine("check:   every unit summed exactly once");
            return ExitCode.Passed;
        });
        return command;
    }
}
