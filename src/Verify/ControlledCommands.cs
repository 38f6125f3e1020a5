using System.CommandLine;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// <c>check</c>, <c>replay</c> and <c>list</c>: the harness under Coyote's controlled scheduler,
/// loaded from the rewritten copies the build put in <c>controlled/</c> beside this program (or
/// from a known-bad variant's directory).
/// </summary>
internal static class ControlledCommands
{
    private static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "controlled");

    public static Command Check()
    {
        var filters = new Argument<string[]>("scenario")
        {
            Description = "Scenario names or name prefixes (default: all).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var strategy = new Option<Strategy?>("--strategy")
        {
            Description = "Run only this strategy (dfs, pct, random, portfolio) on every selected scenario.",
        };
        var schedules = new Option<uint?>("--schedules") { Description = "With --strategy: schedules per scenario." };
        var seed = new Option<uint?>("--seed") { Description = "With --strategy: the seed of PCT, random or portfolio." };
        var output = new Option<string>("--schedules-dir")
        {
            Description = "Where failing schedules are written.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "schedules"),
        };
        var engine = new Option<string>("--engine-dir")
        {
            Description = "Directory of rewritten assemblies to check (default: this build's controlled/).",
            DefaultValueFactory = _ => DefaultDirectory,
        };
        var variant = new Option<string>("--variant")
        {
            Description = "Name recorded for the engine build under test.",
            DefaultValueFactory = _ => ControlledHarness.ProductionBuild,
        };
        var noReduction = new Option<bool>("--no-reduction")
        {
            Description = "Run DFS without the thread-start reduction: every choice at every scheduling point "
                          + "(to cross-check the reduction; far more schedules).",
        };

        var command = new Command("check",
            "Explore every selected scenario under the controlled scheduler; exit 1 if any fails or an exhaustive one is not exhausted.")
        {
            filters, strategy, schedules, seed, output, engine, variant, noReduction,
        };
        command.SetAction(parse =>
        {
            if ((parse.GetValue(schedules) is not null || parse.GetValue(seed) is not null) && parse.GetValue(strategy) is null)
            {
                Console.Error.WriteLine("padata-verify check: --schedules and --seed go with --strategy.");
                return 2;
            }
            ControlledHarness harness = ControlledHarness.Load(parse.GetValue(engine)!, parse.GetValue(variant)!);
            var request = new CheckRequest(parse.GetValue(filters) ?? [], parse.GetValue(strategy), parse.GetValue(schedules),
                                           parse.GetValue(seed), Path.GetFullPath(parse.GetValue(output)!), harness.Variant, harness.Directory,
                                           parse.GetValue(noReduction) ? Reduction.None : null);
            IReadOnlyList<ExplorationResult> results;
            try
            {
                results = harness.Check(request, Console.Out);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"padata-verify check: {e.Message}");
                return 2;
            }
            Console.WriteLine();
            Console.WriteLine(Report.Table(results));
            Console.WriteLine(Report.Summary(results, request.ScheduleDirectory));
            return results.All(r => r.Passed) ? 0 : 1;
        });
        return command;
    }

    public static Command Replay()
    {
        var file = new Argument<string>("schedule-file") { Description = "A schedule file written by a failing check." };
        var engine = new Option<string?>("--engine-dir")
        {
            Description = "Directory of rewritten assemblies (default: the one the file records, else this build's).",
        };
        var command = new Command("replay", "Run exactly the schedule in a file, once, and print what happened in it.") { file, engine };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            ScheduleFile schedule;
            try
            {
                schedule = ScheduleFile.Load(path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"padata-verify replay: {e.Message}");
                return 2;
            }
            string directory = parse.GetValue(engine) ?? (Directory.Exists(schedule.EngineDirectory) ? schedule.EngineDirectory : DefaultDirectory);
            ReplayOutcome outcome = ControlledHarness.Load(directory, schedule.EngineVariant).Replay(path);
            Console.WriteLine(Report.Replay(outcome, directory));
            return outcome.Reproduced ? 1 : 3;
        });
        return command;
    }

    public static Command List()
    {
        var command = new Command("list", "List the built-in scenarios, their shapes and how check explores them.");
        command.SetAction(_ =>
        {
            foreach (ScenarioInfo s in ControlledHarness.Load(DefaultDirectory, ControlledHarness.ProductionBuild).List())
                Console.WriteLine(Report.Scenario(s));
            return 0;
        });
        return command;
    }
}
