using System.Diagnostics;

namespace Padata.Harness.Conformance;

/// <summary>
/// Random short delays that native conformance runs put in the scenario's chunk functions and
/// callers (never in the engine), so that interleavings rare on an idle machine occur: nothing, a
/// short spin, a yield, or a wait of 0–50 µs (timed by spinning with yields: <c>Thread.Sleep</c>
/// cannot sleep less than a millisecond).
/// </summary>
internal static class Perturbation
{
    public static void Here()
    {
        Random random = Random.Shared;
        switch (random.Next(8))
        {
            case < 3:
                return;
            case < 5:
                Thread.SpinWait(random.Next(1, 256));
                return;
            case 5:
                Thread.Yield();
                return;
            default:
                WaitMicroseconds(random.Next(0, 51));
                return;
        }
    }

    private static void WaitMicroseconds(int microseconds)
    {
        long until = Stopwatch.GetTimestamp() + microseconds * Stopwatch.Frequency / 1_000_000;
        while (Stopwatch.GetTimestamp() < until)
            Thread.Yield();
    }
}
