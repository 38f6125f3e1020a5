using System.CommandLine;
using Padata.Bench.Commands;
using Padata.Verify;

namespace Padata.Bench.Priority;

/// <summary><c>priority</c>'s options (<see cref="HelperPriorityRun"/> runs it).</summary>
internal static class PriorityCommand
{
    public static Command Create(Func<PriorityOptions, TextWriter, int> run)
    {
        var launches = Values.WholeNumber<int>("--launches", "BenchmarkDotNet launches (fresh processes) of each case.", 1, 100, 3);
        var warmups = Values.WholeNumber<int>("--warmups", "Warm-up jobs per launch.", 1, 1_000, 5);
        var iterations = Values.WholeNumber<int>("--iterations", "Measured jobs per launch (BenchmarkDotNet needs 3 for statistics).", 3, 1_000, 15);
        var docs = CommonOptions.Docs("Also write the table into this page, between its markers (for example docs/benchmarks.md).");

        var command = new Command("priority",
            "Page init on the idle and on a busy machine, helpers (a) at normal priority, (b) lowest without renice or cancel, "
            + "(c) lowest with renice-or-cancel: one BenchmarkDotNet job per case, then a table of ratios to (a).")
        {
            launches, warmups, iterations, docs,
        };
        command.SetAction(parse => run(
            new PriorityOptions(parse.GetValue(launches), parse.GetValue(warmups), parse.GetValue(iterations), CommonOptions.FullPath(parse, docs)),
            parse.InvocationConfiguration.Output));
        return command;
    }
}
