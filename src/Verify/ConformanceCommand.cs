using System.CommandLine;
using Padata.Harness.Conformance;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// <c>conformance</c>: for each selected exhaustive shape, the outcomes the controlled exploration
/// found (DFS with the thread-start reduction, and without it) against the outcomes the same shape
/// produces natively on the unrewritten engine, run many times with random delays in its chunk
/// functions and callers. Exit 1 if a native outcome was never explored (or anything failed),
/// 4 if an exploration with the reduction did not exhaust, 2 on bad input.
/// </summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var filters = new Argument<string[]>("scenario")
        {
            Description = "Exhaustive scenarios that run jobs, by name or prefix (default: all of them).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var runs = Values.WholeNumber<int>("--runs", "Native runs per shape.", 1, int.MaxValue, 2_000);
        var fullSchedules = Values.WholeNumber<uint>("--full-schedules",
            "Schedules DFS without the thread-start reduction may take per shape (0: skip it; a shape it does not exhaust is reported sampled).",
            0, uint.MaxValue, 50_000);
        var output = new Option<string>("--schedules-dir")
        {
            Description = "Where failing schedules are written.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "schedules"),
        };

        var command = new Command("conformance",
            "Check that every outcome the native engine produces on a shape is one the exhaustive exploration found; exit 1 if not.")
        {
            filters, runs, fullSchedules, output,
        };
        command.SetAction(parse =>
        {
            var native = new NativeHarness();
            IReadOnlyList<string> scenarios;
            try
            {
                scenarios = native.Scenarios(parse.GetValue(filters) ?? []);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            ControlledHarness controlled = ControlledHarness.Load(Path.Combine(AppContext.BaseDirectory, "controlled"), ControlledHarness.ProductionBuild);
            var request = new ConformanceRequest(parse.GetValue(runs), parse.GetValue(fullSchedules), Path.GetFullPath(parse.GetValue(output)!),
                                                 ConformanceRequest.DefaultRunBound);
            var results = new List<ConformanceResult>();
            foreach (string scenario in scenarios)
            {
                ConformanceResult result = native.Check(controlled, scenario, request, new TextProgress(Console.Out));
                Console.WriteLine(ConformanceReport.Shape(result));
                results.Add(result);
            }
            Console.WriteLine();
            Console.WriteLine(ConformanceReport.Table(results));
            Console.WriteLine(ConformanceReport.Summary(results));
            return results.Any(r => r.Verdict == Verdict.Fail) ? ExitCode.Violated
                : results.Any(r => r.Verdict == Verdict.Incomplete) ? ExitCode.Incomplete : ExitCode.Passed;
        });
        return command;
    }
}
