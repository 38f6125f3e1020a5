using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Padata.Properties;

/// <summary>
/// Native waits on the engine, each with a bound: a deadlock fails the test that hit it, naming the
/// test, what it was waiting for (the job's shape) and the engine's state, instead of hanging the run.
/// <para>
/// The bound is 60 seconds. Every wait here is on a job of at most a few milliseconds of work (the
/// largest, page init of a few thousand pages, well under a second), so a wait that long is a
/// thousand times any honest one, even on a loaded 2-core machine; and a hung suite still fails in
/// about a minute. Once one wait has timed out the engine under test is known to hang, so later
/// waits in the same run (FsCheck shrinking the failing case, the other tests) get
/// <see cref="AfterAHang"/> instead (2 s, still a hundred times an honest wait): a broken engine
/// fails the whole suite within minutes, not a minute per shrink step.
/// </para>
/// </summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan AfterAHang = TimeSpan.FromSeconds(2);

    private static int hangs;

    /// <summary>The bound for the next wait: <see cref="Limit"/>, or <see cref="AfterAHang"/> once a wait has timed out.</summary>
    public static TimeSpan Current => Volatile.Read(ref hangs) == 0 ? Limit : AfterAHang;

    /// <summary>Whether a wait of this run has already timed out.</summary>
    public static bool HasHung => Volatile.Read(ref hangs) != 0;

    /// <summary>
    /// Runs <paramref name="body"/> on a thread of its own and waits for it with the bound; its
    /// exception, if any, is rethrown here. Past the bound it throws <see cref="EngineHangException"/>
    /// (the thread is left behind, a background thread, blocked where it hung).
    /// </summary>
    public static T Call<T>(Func<T> body, PadataEngine? engine, string what, [CallerMemberName] string test = "", [CallerFilePath] string file = "") =>
        Call(body, engine, what, bound: null, TestName(test, file));

    /// <summary>
    /// <see cref="Call{T}(Func{T}, PadataEngine?, string, string, string)"/> with a bound of the caller's
    /// choosing when <paramref name="bound"/> is given (work known to take longer than a job, or a
    /// test of the mechanism itself, where <paramref name="hangExpected"/> keeps the timeout from
    /// shortening the bound of later waits).
    /// </summary>
    public static T Call<T>(Func<T> body, PadataEngine? engine, string what, TimeSpan? bound, string test, bool hangExpected = false) =>
        Start(body).Join(engine, what, bound, test, hangExpected);

    /// <summary>
    /// Starts <paramref name="body"/> on a thread of its own (a background thread) and returns at
    /// once: for callers that must run beside each other. An exception it throws is kept for
    /// <see cref="Started{T}.Join(PadataEngine?, string, string, string)"/>, not left to end the test process.
    /// </summary>
    public static Started<T> Start<T>(Func<T> body) => new(body);

    /// <summary>A body running on a thread of its own, started by <see cref="Start{T}"/>.</summary>
    public sealed class Started<T>
    {
        private readonly Thread thread;
        private T result = default!;
        private ExceptionDispatchInfo? error;

        internal Started(Func<T> body)
        {
            thread = new Thread(() =>
            {
                try
                {
                    result = body();
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }
            }) { IsBackground = true };
            thread.Start();
        }

        /// <summary>Waits for the body with the bound and returns its result; its exception, if any, is rethrown here.</summary>
        public T Join(PadataEngine? engine, string what, [CallerMemberName] string test = "", [CallerFilePath] string file = "") =>
            Join(engine, what, bound: null, TestName(test, file));

        internal T Join(PadataEngine? engine, string what, TimeSpan? bound, string test, bool hangExpected = false)
        {
            if (bound is { } chosen)
            {
                if (!thread.Join(chosen))
                    throw Hang(engine, what, test, chosen, hangExpected);
            }
            else
            {
                JoinNamed(thread, engine, what, test);
            }
            error?.Throw();
            return result;
        }
    }

    /// <summary>Waits for <paramref name="thread"/> with the bound; past it, throws <see cref="EngineHangException"/>.</summary>
    public static void Join(Thread thread, PadataEngine? engine, string what, [CallerMemberName] string test = "", [CallerFilePath] string file = "") =>
        JoinNamed(thread, engine, what, TestName(test, file));

    /// <summary>The test's name as failures give it: its file (one test class per file) and its member.</summary>
    public static string TestName(string member, string file) => $"{Path.GetFileNameWithoutExtension(file)}.{member}";

    private static void JoinNamed(Thread thread, PadataEngine? engine, string what, string test)
    {
        TimeSpan bound = Current;
        if (!thread.Join(bound))
            throw Hang(engine, what, test, bound);
    }

    /// <summary>Spins (yielding) until <paramref name="condition"/> holds, with the bound.</summary>
    public static void Until(Func<bool> condition, PadataEngine? engine, string what, [CallerMemberName] string test = "", [CallerFilePath] string file = "")
    {
        TimeSpan bound = Current;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > bound)
                throw Hang(engine, what, TestName(test, file), bound);
            Thread.Yield();
        }
    }

    private static EngineHangException Hang(PadataEngine? engine, string what, string test, TimeSpan bound, bool expected = false)
    {
        if (!expected)
            Interlocked.Increment(ref hangs);
        string state = engine is null ? "" : $"; engine: {engine.Snapshot()}";
        return new EngineHangException($"{test}: {what} did not finish within {bound.TotalSeconds:0} s{state}");
    }
}
