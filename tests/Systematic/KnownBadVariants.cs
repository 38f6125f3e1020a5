namespace Padata.Systematic;

/// <summary>
/// The bug zoo: known-bad engines and models the harness must catch, each one historical or classic
/// padata bug (docs/design.md §2.8), numbered as the entries of docs/bug-zoo.md.
/// </summary>
public static class KnownBadVariants
{
    public static IReadOnlyList<KnownBadVariant> All { get; } =
    [
        new("first-finisher-signals",
            "the first worker to finish signals completion, so the caller can wake while helpers still run",
            "Engine/JobState.cs",
            "bool done = finished == workers;",
            "bool done = finished == 1;",
            ["basic/one-helper-two-chunks"], 4),

        new("finished-outside-lock",
            "the finished count is updated after the job lock is dropped: a lost update leaves the caller waiting forever",
            "Engine/JobState.cs",
            """
                    finished++;
                    bool done = finished == workers;
                    Monitor.Exit(gate);
            """,
            """
                    Monitor.Exit(gate);
                    finished++;
                    bool done = finished == workers;
            """,
            ["races/helper-pair"], 5),

        new("chunk-taken-outside-lock",
            "the position is read under the lock but advanced after it is dropped: two workers take the same chunk",
            "Engine/JobState.cs",
            """
                    position = chunk.End;
                    remaining -= chunk.Size;
                    chunksHandedOut++;
                    return chunk;
            """,
            """
                    Monitor.Exit(gate);
                    position = chunk.End;
                    remaining -= chunk.Size;
                    chunksHandedOut++;
                    Monitor.Enter(gate);
                    return chunk;
            """,
            ["races/helper-pair"], 6),

        new("alignment-lost",
            "chunk size forced to at least 1 after rounding to align (upstream 24cc57d8faaa): with min_chunk 0 the chunks are not aligned",
            "Engine/ChunkPlan.cs",
            """
                    chunk = Math.Max(chunk, 1UL);
                    return RoundUp(chunk, job.Align);
            """,
            """
                    chunk = RoundUp(chunk, job.Align);
                    return Math.Max(chunk, 1UL);
            """,
            ["regression/min-chunk-0-align-2"], 2),

        new("min-chunk-zero",
            "the chunk size is not forced to at least 1 (upstream 6d45e1c948a8): min_chunk 0 gives chunk size 0 and a division by zero",
            "Engine/ChunkPlan.cs",
            "        chunk = Math.Max(chunk, 1UL);\n",
            "",
            ["regression/min-chunk-0"], 1),

        new("items-returned-before-helpers-finish",
            "work items go back to the pool before the helpers are done, and the caller returns with helpers running",
            "Engine/JobState.cs",
            """
                    if (RunWorker(first))
                        return;
            """,
            """
                    RunWorker(first);
                    return;
            """,
            ["basic/one-helper-two-chunks"], 7),

        new("page-init-half-block-align",
            "deferred init aligned to half a max-order block: chunk boundaries inside blocks, so pages are initialized and freed twice",
            "Models/DeferredPageInit.cs",
            "ulong section = model.Geometry.PagesPerSection;\n        return new MultithreadedJob(",
            "ulong section = model.Geometry.MaxOrderPages / 2;\n        return new MultithreadedJob(",
            ["page-init/2-sections-2-cpus"], 3),

        new("completion-target-from-requested",
            "the caller waits for as many finished workers as it requested, not as the pool granted: with a short pool it never wakes",
            "Engine/PadataEngine.cs",
            "var state = new JobState(job, chunkSize, workers);",
            "var state = new JobState(job, chunkSize, requested);",
            ["domain/requested3-helpers1-pool1-size3-chunk1-align1"], 8),

        new("chunk-size-from-requested",
            "the chunk size is computed for the requested workers, not the granted ones: a short pool gets the wrong (smaller) chunks",
            "Engine/PadataEngine.cs",
            "ulong chunkSize = ChunkPlan.ChunkSizeFor(job, workers);",
            "ulong chunkSize = ChunkPlan.ChunkSizeFor(job, requested);",
            ["short-pool/8-units-none-granted"], 8),

        new("buddy-free-without-zone-lock",
            "the buddy allocator frees without the zone lock: concurrent frees into one zone corrupt the free lists and counts",
            "Models/BuddyAllocator.cs",
            """
                    lock (zoneLock)
                        FreeOneBlock(pfn, order);
            """,
            """
                    FreeOneBlock(pfn, order);
            """,
            ["races/page-init-2-sections-2-cpus"], 9),

        new("failure-leaves-items-out-of-pool",
            "a job whose chunk threw fails before its work items go back: the pool is left short for good",
            "Engine/PadataEngine.cs",
            """
                    foreach (PadataWork helper in helpers)
                        helper.Unbind();
                    Pool.Return(helpers, state.CancelledHelpers);
                }
            """,
            """
                    foreach (PadataWork helper in helpers)
                        helper.Unbind();
                    if (state.Outcome().Failures.Count == 0)
                        Pool.Return(helpers, state.CancelledHelpers);
                }
            """,
            ["throws/first-of-2-with-helper"], 10),

        new("load-balance-factor-2",
            "the planner aims at 2 chunks per worker instead of the kernel's 4: where the size sets the chunk size, chunks are twice the kernel's",
            "Engine/ChunkPlan.cs",
            "public const ulong LoadBalanceFactor = 4;",
            "public const ulong LoadBalanceFactor = 2;",
            ["short-pool/8-units-none-granted"], 11),

        new("page-links-without-section",
            "set_page_links drops the section number: every page claims section 0, and the model's own verifier, which asks the same code what the links should be, agrees",
            "Models/Page.cs",
            " | (section & SectionMask) << SectionShift;",
            ";",
            ["page-init/2-sections-2-cpus"], 12),

        new("undo-failing-chunk-too",
            "the chunk whose thread function threw is undone as well, although it cleaned up after itself: its work is undone twice",
            "Engine/PadataEngine.cs",
            """
                        if (Threw(failures, chunk))
                            continue;

            """,
            "",
            ["undo/1-helper-fails-at-chunk-0-of-3"], 13),

        new("undo-before-helpers-stop",
            "a failed job's caller does not wait for its helpers (nothing it computed is kept): undo starts while a helper's chunk still runs",
            "Engine/JobState.cs",
            """
                    if (RunWorker(first))
                        return;
            """,
            """
                    if (RunWorker(first) || failures.Count > 0)
                        return;
            """,
            ["undo/1-helper-fails-at-chunk-0-of-3"], 14),

        new("vfio-locked-vm-non-atomic",
            "locked_vm charged with a plain read-modify-write instead of a compare-exchange (the race ktask's patch 7 removed): concurrent charges lose updates",
            "Models/MemlockAccount.cs",
            "long before = Interlocked.CompareExchange(ref lockedVm, seen + pages, seen);",
            """
            long before = lockedVm;
                        if (before == seen)
                            lockedVm = seen + pages;
            """,
            ["races/vfio-2-requests"], 15),

        new("vfio-limit-check-then-charge",
            "the limit is checked and locked_vm charged in two separate steps: two requests that each fit pass the check together and exceed RLIMIT_MEMLOCK",
            "Models/MemlockAccount.cs",
            """
                    // A plain read is enough: a stale value only makes the compare-exchange fail and retry.
                    long seen = lockedVm;
                    while (true)
                    {
                        if (seen + pages > Limit)
                            return false;
                        // Check and charge in one step: a separate check and add lets two charges that each
                        // fit pass the check together and exceed the limit together.
                        long before = Interlocked.CompareExchange(ref lockedVm, seen + pages, seen);
                        if (before == seen)
                            return true;
                        seen = before;
                    }
            """,
            """
                    if (Volatile.Read(ref lockedVm) + pages > Limit)
                        return false;
                    Interlocked.Add(ref lockedVm, pages);
                    return true;
            """,
            ["vfio/2-single-page-requests-limit-1"], 16),

        new("unbind-after-return",
            "work items are unbound from their job after going back to the pool: the next job's binding of an item can be wiped, and its helper runs without a job",
            "Engine/PadataEngine.cs",
            """
                    foreach (PadataWork helper in helpers)
                        helper.Unbind();
                    Pool.Return(helpers, state.CancelledHelpers);
            """,
            """
                    Pool.Return(helpers, state.CancelledHelpers);
                    foreach (PadataWork helper in helpers)
                        helper.Unbind();
            """,
            // The window between one caller's binding of the item and its read of it is a few field
            // accesses wide on one node (races/2-callers-pool-1 hit it at PCT schedule 2,701 before
            // renice-or-cancel, not in 4,000 since); the 16-node engine widens it.
            ["races/2-callers-pool-1-16-nodes"], 17),

        new("disposed-under-job-waits-for-unqueued-helpers",
            "when the workqueue refuses the helpers (disposed under the job), the caller still waits for them to finish: it waits forever",
            "Engine/PadataEngine.cs",
            "            state.RetireUnstartedHelpers(unqueued);\n",
            "",
            ["lifetime/dispose-during-job-1-helper-long-chunks"], 18),

        new("workqueue-thread-short",
            "the workqueue starts one thread fewer than the pool has items: a helper granted waits for a thread while the others run (with renice-or-cancel its caller cancels it, so only a job whose workers must all run at once shows it)",
            "Engine/PadataEngine.cs",
            "workqueues[node] = new Workqueue(Math.Min(poolCapacity, limits.CapOf(node)));",
            "workqueues[node] = new Workqueue(Math.Max(Math.Min(poolCapacity, limits.CapOf(node)) - 1, 1));",
            // The nested job it deadlocked before renice-or-cancel now cancels the helper and runs alone.
            ["workqueue/every-helper-runs-at-once"], 19),

        new("helper-unbinds-its-item",
            "the workqueue is given the work item itself, which runs whatever job the item is bound to when a thread gets to it: a cancelled helper still queued runs the next job's helper after the item was returned and bound again",
            "Engine/PadataEngine.cs",
            "runs[i] = mine[i].Run;",
            "runs[i] = mine[i];",
            ["races/back-to-back-pool-1"], 20),

        new("clear-gigantic-one-past-the-end",
            "a chunk of the gigantic page clear runs to its end inclusive: the last chunk clears one subpage past the page, into the memory after it",
            "Models/ClearGiganticPage.cs",
            "for (ulong subpage = start; subpage < end; subpage++)",
            "for (ulong subpage = start; subpage <= end; subpage++)",
            ["clear-gigantic/4-subpages-1-helper"], 21),

        new("fallocate-fault-mutex-skipped",
            "fallocate locks a mutex of its own instead of the index's fault mutex: two calls both find an index empty and both insert a page, one of which is lost",
            "Models/HugetlbfsFallocate.cs",
            "object mutex = model.FaultMutexes.For(file.Mapping, index);\n                // Look-up",
            "object mutex = new object();\n                // Look-up",
            ["fallocate/2-calls-same-index"], 22),

        new("hugetlb-free-count-outside-lock",
            "the pool's free count is decremented after the pool lock is dropped: concurrent allocations lose updates and the count drifts from the free list",
            "Models/HugePagePool.cs",
            """
                    page = freeList.Pop();
                    freeCount--;
                    Monitor.Exit(gate);
            """,
            """
                    page = freeList.Pop();
                    Monitor.Exit(gate);
                    freeCount--;
            """,
            ["races/fallocate-2-workers"], 23),

        new("fallocate-undo-frees-present-page",
            "fallocate's rollback frees whatever page an index of a completed chunk holds, including one that was there before the call",
            "Models/HugetlbfsFallocate.cs",
            "if (page is not null && ReferenceEquals(page, mine))",
            "if (page is not null)",
            ["fallocate/3-indices-1-helper-pool-short"], 24),

        new("cap-released-before-helper-finished",
            "a helper gives its place under the caps back as it starts instead of when it has finished: another job's helper starts beside it and the cap is exceeded",
            "Engine/HelperRun.cs",
            """
                    PadataEngine.CurrentHelperNodeId = node;
                    bool ran = state.RunHelper(index);
                    PadataEngine.CurrentHelperNodeId = -1;
            """,
            """
                    PadataEngine.CurrentHelperNodeId = node;
                    if (pool.TracksCaps)
                        pool.ReleaseCap(node);
                    bool ran = state.RunHelper(index);
                    PadataEngine.CurrentHelperNodeId = -1;
                    return ran;
            """,
            ["limits/system-cap-1-two-nodes"], 25),

        new("numa-cursor-read-outside-lock",
            "the round-robin cursor (padata's last_used_nid) is read before the pool lock is taken: two NUMA-aware jobs read the same node and both put their helper there",
            "Engine/WorkPool.cs",
            """
                    lock (gate)
                    {
                        // The cursor is read here and written back below, in this one critical section.
                        int cursor = lastUsedNode;
            """,
            """
                    int cursor = lastUsedNode;
                    lock (gate)
                    {
            """,
            ["races/numa-two-jobs-round-robin"], 26),

        new("node-callers-share-loop-variable",
            "deferred init's node callers capture the loop's one variable instead of a copy each: two callers work the same node, another node is never initialized",
            "Models/DeferredPageInit.cs",
            "new Thread(() => Caller(node))",
            "new Thread(() => Caller(n))",
            ["page-init-nodes/2-nodes-1-cpu"], 27),

        // Renice-or-cancel (issue 17, docs/design.md §7.2).
        new("cancelled-helper-not-counted-out",
            "the caller cancels its queued helper but still counts it as a worker: nobody is left to complete the job, and the caller waits forever",
            "Engine/JobState.cs",
            "        workers -= cancelled;\n",
            "",
            ["busy-machine/requested2-helpers1-pool1-size2-chunk1-align1"], 28),

        new("cancel-and-start-both-succeed",
            "a helper starts without looking whether its caller cancelled it: it is both counted out and run",
            "Engine/JobState.cs",
            "        if (helperState[index] != Queued)\n            return false;\n",
            "",
            ["busy-machine/requested2-helpers1-pool1-size2-chunk1-align1", "domain/requested2-helpers1-pool1-size2-chunk1-align1"], 29),

        new("cancel-checked-then-removed-in-two-steps",
            "the caller tests that a helper has not started and cancels it in a second critical section: the helper starts in between, and it is both run and counted out",
            "Engine/JobState.cs",
            """
                        if (helperState[i] == Queued)
                        {
                            helperState[i] = Cancelled;
            """,
            """
                        if (helperState[i] == Queued)
                        {
                            Monitor.Exit(gate);
                            Monitor.Enter(gate);
                            helperState[i] = Cancelled;
            """,
            ["domain/requested2-helpers1-pool1-size2-chunk1-align1"], 30),

        new("helper-left-raised",
            "a workqueue thread raised by a waiting caller is never set back to the lowest priority when its helper ends",
            "Engine/JobState.cs",
            """
                    if (helperThread[index] is { Raised: true } thread)
                    {
                        HelperPriority.SetLowest(thread.OsId);
                        thread.Raised = false;
                    }
            """,
            "",
            ["domain/requested2-helpers1-pool1-size2-chunk1-align1"], 31),

        new("caller-waits-without-cancelling",
            "a caller out of work waits for its helpers without cancelling the queued ones: on a busy machine it waits on helpers that never get a CPU",
            "Engine/JobState.cs",
            "            if (helperState[i] == Queued)\n",
            "            if (helperState[i] == Cancelled)\n",
            ["busy-machine/requested2-helpers1-pool1-size2-chunk1-align1"], 32),

        new("cancelled-helper-keeps-cap",
            "a helper cancelled before it started never gives its place under the caps back (only a helper that runs releases it): the engine runs short of helpers for good",
            "Engine/PadataEngine.cs",
            """
                    if (Pool.TracksCaps)
                        for (int i = 0; i < helpers.Length; i++)
                            if (state.WasCancelled(i))
                                Pool.ReleaseCap(helpers[i].Node);
            """,
            "",
            ["limits/system-cap-1-one-job"], 33),

        // Per-node ranges (issue 18, docs/design.md §7.3.1).
        new("per-node-helper-takes-any-range",
            "a helper that has run out of its own node's ranges goes on with another node's range although the job did not ask to run anywhere",
            "Engine/JobState.cs",
            ": ranges!.Next(helperNodes![helper], anyRange: anywhere);",
            ": ranges!.Next(helperNodes![helper], anyRange: true);",
            ["per-node/2-nodes-pool-1"], 34),

        new("per-node-range-taken-outside-lock",
            "a per-node job's range is read and advanced with the job's lock dropped: two workers take the same chunk of a range",
            "Engine/JobState.cs",
            """
                    Chunk? chunk = helper == CallerIndex
                        ? ranges!.Next(callerNode, anyRange: true)
                        : ranges!.Next(helperNodes![helper], anyRange: anywhere);
            """,
            """
                    Monitor.Exit(gate);
                    Chunk? chunk = helper == CallerIndex
                        ? ranges!.Next(callerNode, anyRange: true)
                        : ranges!.Next(helperNodes![helper], anyRange: anywhere);
                    Monitor.Enter(gate);
            """,
            ["races/per-node-2-nodes"], 35),
    ];
}
