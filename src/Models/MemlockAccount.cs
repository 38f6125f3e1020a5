namespace Padata.Models;

/// <summary>
/// A process's pinned-memory account: <c>mm->locked_vm</c> in pages, an atomic counter as ktask's
/// patch 7 made it (<c>atomic_long_t</c>), charged against the process's <c>RLIMIT_MEMLOCK</c>.
/// Invariant: <see cref="LockedVm"/> never exceeds <see cref="Limit"/>, because a charge checks
/// and adds in one atomic step.
/// </summary>
public sealed class MemlockAccount
{
    private long lockedVm;

    /// <param name="limit">RLIMIT_MEMLOCK in pages; 0 or more.</param>
    /// <param name="lockedVm">Pages already locked by the process; between 0 and the limit.</param>
    public MemlockAccount(long limit, long lockedVm = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (lockedVm < 0 || lockedVm > limit)
            throw new ArgumentOutOfRangeException(nameof(lockedVm), lockedVm, $"lockedVm must be between 0 and the limit ({limit} pages).");
        Limit = limit;
        this.lockedVm = lockedVm;
    }

    /// <summary>RLIMIT_MEMLOCK, in pages.</summary>
    public long Limit { get; }

    /// <summary>The pages charged right now.</summary>
    public long LockedVm => Volatile.Read(ref lockedVm);

    /// <summary>
    /// Charges <paramref name="pages"/> if that keeps the account within the limit; otherwise
    /// leaves it as it was and returns false.
    /// </summary>
    public bool TryCharge(long pages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
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
    }

    /// <summary>Gives back <paramref name="pages"/> charged earlier.</summary>
    public void Uncharge(long pages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
        Interlocked.Add(ref lockedVm, -pages);
    }

    public override string ToString() => $"locked_vm {LockedVm} of RLIMIT_MEMLOCK {Limit} pages";
}
