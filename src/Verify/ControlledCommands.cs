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
    /// <summary>This build's rewritten engine, models and harness.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "controlled");

    public static Command Check()
    {
        var filters = new Argument<string[]>("scenario") { Description = "Scenario names or name prefixes (default: all; 'list' shows them).", Arity = ArgumentArity.ZeroOrMore };
        var strategy = Values.Choice<Strategy>("--strategy", "Run only this strategy on every selected scenario.");
        var schedules = Values.OptionalWholeNumber<uint>("--schedules", "With --strategy: schedules per scenario.", 1, uint.MaxValue);
        var seed = Values.OptionalWholeNumber<uint>("--seed", "With --strategy: the seed of pct, random or portfolio.", 0, uint.MaxValue);
        var output = new Option<string>("--schedules-dir") { Description = "Where failing schedules are written.", DefaultValueFactory = _ => Path.Combine("artifacts", "schedules") };
        var engine = EngineDirectoryOption("Directory of rewritten assemblies to check (default: this build's own, controlled/ beside the program).");
        var variant = new Option<string>("--variant") { Description = "Name recorded for the engine build under test.", DefaultValueFactory = _ => ControlledHarness.ProductionBuild };
        var timeout = Values.OptionalWholeNumber<uint>("--timeout",
            "Stop after this many seconds: the exploration running ends after its current schedule, the summary shows what finished, exit 4.",
            1, uint.MaxValue);
        var timeline = TimelinePages.DirectoryOption("--timeline",
            "Write a timeline page (HTML) of every failing or kept schedule into this directory, named after its schedule file.");
        var keep = Values.OptionalWholeNumber<int>("--save-schedule",
            "With --strategy: stop each exploration at its schedule N and save it though it passed (to look at a normal run; replay and --timeline take it).",
            1, int.MaxValue);
        var noReduction = new Option<bool>("--no-reduction")
        {
            Description = "Run DFS without the thread-start reduction: every choice at every scheduling point "
                          + "(to cross-check the reduction; far more schedules).",
        };
        var noEstimate = new Option<bool>("--no-estimate")
        {
            Description = "Skip the estimate of each DFS's total in the progress lines (a few random probe schedules before each DFS; "
                          + "they never change what DFS explores).",
        };
        var jobs = ScaleOptions.Jobs();
        var shard = ScaleOptions.Shard();
        var budget = ScaleOptions.Budget();
        var report = ScaleOptions.OutputFile("--report", "Write the results as JSON to this file (merge joins shards' reports; the schema is in the README).");
        var junit = ScaleOptions.OutputFile("--junit", "Write the results as JUnit XML to this file: one test case per exploration.");

        var command = new Command("check",
            "Explore every selected scenario under the controlled scheduler. "
            + "Exit 0 if all pass, 1 if a schedule breaks a property, 4 if an exploration that was to be exhaustive was not.")
        {
            filters, strategy, schedules, seed, output, engine, variant, timeout, noReduction, noEstimate, timeline, keep,
            jobs, shard, budget, report, junit,
        };
        variant.Validators.Add(result =>
        {
            string name = result.GetValueOrDefault<string>();
            if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name.StartsWith('.'))
                result.AddError($"--variant must be a plain name (letters, digits, '-', '_', '.'; at most 64) (got '{name}').");
        });
        filters.Validators.Add(result =>
        {
            // The scenario list takes any word, so an unknown option would land in it.
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
                result.AddError($"unknown option '{token.Value}'.");
        });
        command.Validators.Add(result =>
        {
            if ((result.GetResult(schedules) is not null || result.GetResult(seed) is not null) && result.GetResult(strategy) is null && result.GetResult(budget) is null)
                result.AddError("--schedules and --seed go with --strategy or --budget (they replace the catalog's explorations with one of your own).");
            if (result.GetResult(keep) is not null && result.GetResult(strategy) is null)
                result.AddError("--save-schedule goes with --strategy (schedule N is the Nth of that exploration, the same on every run with the same --seed).");
            else if (Values.TryGet(result, keep, out int? number) && number is { } n && Values.TryGet(result, schedules, out uint? count) && (uint)n > (count ?? 1_000))
                result.AddError($"--save-schedule must be at most the schedules explored (--schedules, default 1,000) (got '{n}').");
            if (result.GetResult(budget) is not null && Values.TryGet(result, strategy, out Strategy? chosen) && chosen == Strategy.Dfs)
                result.AddError("--budget samples: --strategy must be pct, random or portfolio with it (dfs is exhaustive or nothing).");
        });
        command.SetAction(parse =>
        {
            ControlledHarness harness = Load(parse.GetValue(engine), parse.GetValue(variant)!);
            string[] chosen = parse.GetValue(filters) ?? [];
            RequireScenarios(harness, chosen);
            var request = new CheckRequest(chosen, parse.GetValue(strategy), parse.GetValue(schedules),
                                           parse.GetValue(seed), Path.GetFullPath(parse.GetValue(output)!), harness.Variant, harness.Directory,
                                           parse.GetValue(noReduction) ? Reduction.None : null, KeepSchedule: parse.GetValue(keep))
                { EstimateTotals = !parse.GetValue(noEstimate) };
            TimeSpan? timeBox = parse.GetValue(budget);
            CheckPlan plan = CheckPlan.Create(harness.List(), chosen, parse.GetValue(shard) ?? Shard.Whole, request.Strategy, request.Schedules, request.Seed, timeBox);
            DateTimeOffset began = DateTimeOffset.UtcNow;

            using var stop = new CancellationTokenSource();
            string? stoppedBy = null;
            if (parse.GetValue(timeout) is { } seconds)
            {
                stop.Token.Register(() => stoppedBy ??= $"--timeout {seconds}s");
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }
            ConsoleCancelEventHandler interrupt = (_, e) =>
            {
                // The first Ctrl-C stops the check cleanly; a second one ends the process at once.
                if (stop.IsCancellationRequested)
                    return;
                e.Cancel = true;
                stoppedBy ??= "Ctrl-C";
                Console.Error.WriteLine("check: Ctrl-C: stopping after the current schedule (Ctrl-C again to quit at once)...");
                stop.Cancel();
            };
            Console.CancelKeyPress += interrupt;
            UnitDispatcher.Outcome outcome;
            try
            {
                outcome = ConsoleProgress.Run(progress => UnitDispatcher.Run(plan, request, parse.GetValue(jobs), harness, progress, stop.Token, began + timeBox));
            }
            finally
            {
                Console.CancelKeyPress -= interrupt;
            }
            IReadOnlyList<ExplorationResult> results = outcome.Results;
            TimeSpan wall = DateTimeOffset.UtcNow - began;
            Console.WriteLine();
            Console.WriteLine(Report.Table(results));
            Console.WriteLine(Report.Summary(results, request.ScheduleDirectory));
            if (request.KeepSchedule is { } kept)
                foreach (ExplorationResult r in results.Where(r => r.Failure is null))
                    Console.WriteLine(Report.Kept(r, kept));
            if (parse.GetValue(timeline) is { } pages)
                TimelinePages.WriteForCheck(harness, results, pages);
            if (plan.Shard != Shard.Whole)
                Console.WriteLine($"check: shard {plan.Shard}: {outcome.Run.Count + outcome.NotStarted.Count} of the plan's {plan.Size} unit(s); 'padata-verify merge' joins the shards' --report files.");
            if (timeBox is { } box)
                Console.WriteLine(CheckOutputs.BudgetLine(box, outcome));
            int failed = results.Count(r => r.Verdict == Verdict.Fail);
            int incomplete = results.Count(r => r.Verdict == Verdict.Incomplete);
            if (stoppedBy is not null)
            {
                int selected = outcome.Run.Count + outcome.NotStarted.Count;
                int started = outcome.Run.Count;
                Console.WriteLine($"check: stopped by {stoppedBy} after {results.Sum(r => (long)r.Schedules)} schedules: " +
                                  $"{results.Count(r => !r.Interrupted)} exploration(s) finished, {results.Count(r => r.Interrupted)} interrupted, " +
                                  $"{selected - started} of {selected} scenario(s) not started.");
                incomplete = Math.Max(incomplete, 1);
            }
            CheckOutputs.Write(parse.GetValue(report), parse.GetValue(junit), harness, plan, request, outcome, began, wall, stoppedBy, timeBox);
            if (failed == 0 && request.KeepSchedule is not null && results.Any(r => r.KeptSchedule is null && !r.Interrupted))
                throw new UsageException($"--save-schedule {request.KeepSchedule}: an exploration ended before its schedule {request.KeepSchedule} (see above); nothing was kept for it.");
            return failed > 0 ? ExitCode.Violated : incomplete > 0 ? ExitCode.Incomplete : ExitCode.Passed;
        });
        return command;
    }

    public static Command Replay()
    {
        var file = new Argument<string>("schedule-file") { Description = "A schedule file written by a failing check." };
        var engine = EngineDirectoryOption("Directory of rewritten assemblies to replay on (default: the build the file's variant names).");
        var html = TimelinePages.FileOption("--html", "Also write the schedule's timeline, one lane per thread, as a self-contained HTML page to this file.");
        var command = new Command("replay",
            "Run exactly the schedule in a file, once, and print what happened in it. Exit 1 if the recorded failure was reproduced, 4 if not; "
            + "for a passing schedule kept by check --save-schedule, 0 if it passed again, 4 if not.") { file, engine, html };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            ScheduleFile schedule;
            try
            {
                schedule = ScheduleFile.Load(path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw new UsageException(e.Message);
            }
            // The build comes from the variant's name or from the user, never from the file's directory.
            string directory = parse.GetValue(engine) ?? EngineBuilds.Resolve(schedule, path);
            ControlledHarness harness = Load(parse.GetValue(engine) is null ? null : directory, schedule.EngineVariant, directory);
            if (!harness.List().Any(s => s.Name == schedule.Scenario))
                throw new UsageException($"'{path}' names scenario '{schedule.Scenario}', which is not in the catalog of the build replaying it ('padata-verify list' shows them).");
            Console.WriteLine($"found:    on {schedule.EngineVariant}, build {BuildFingerprint.Short(schedule.Fingerprint)}, by padata-verify {schedule.ToolVersion}, {schedule.FoundAt:u}");
            Console.WriteLine($"          (recorded directory, not used: {schedule.EngineDirectory})");
            if (schedule.Fingerprint != harness.Fingerprint)
                Console.Error.WriteLine($"warning: found on build {BuildFingerprint.Short(schedule.Fingerprint)} (padata-verify {schedule.ToolVersion}), " +
                                        $"replaying on {BuildFingerprint.Short(harness.Fingerprint)} (padata-verify {ToolVersion.Current}): it may not reproduce.");
            ReplayOutcome outcome;
            try
            {
                outcome = harness.Replay(path);
            }
            catch (System.Text.Json.JsonException e)
            {
                // The file's own JSON was read above; what is left to parse is the Coyote trace.
                throw new UsageException($"'{path}': Coyote cannot read its trace (at {e.Path ?? "its start"}{(e.LineNumber is { } line ? $", line {line + 1}" : "")}).");
            }
            Console.WriteLine(Report.Replay(outcome, directory));
            if (parse.GetValue(html) is { } page)
                TimelinePages.Write(outcome, page);
            return !outcome.Reproduced ? ExitCode.Incomplete : outcome.RecordedPassing ? ExitCode.Passed : ExitCode.Violated;
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
            return ExitCode.Passed;
        });
        return command;
    }

    /// <summary>--engine-dir: a directory holding a rewritten harness, checked by the parser. No default shown: the default is this build's own.</summary>
    private static Option<string?> EngineDirectoryOption(string description)
    {
        var option = new Option<string?>("--engine-dir") { Description = description, HelpName = "directory" };
        option.Validators.Add(result =>
        {
            string? directory = result.GetValueOrDefault<string?>();
            if (directory is null)
                return;
            const string Hint = "(give a directory of rewritten assemblies: the build writes src/Verify/bin/Release/net10.0/controlled/, "
                                + "the bug-zoo tests artifacts/variants/NAME/)";
            if (!Directory.Exists(directory))
                result.AddError($"--engine-dir '{directory}' does not exist {Hint}.");
            else if (!File.Exists(Path.Combine(directory, "Padata.Harness.dll"))
                     || !File.Exists(Path.Combine(directory, ControlledHarness.RewriteConfiguration)))
                result.AddError($"--engine-dir '{directory}' holds no rewritten Padata.Harness.dll and {ControlledHarness.RewriteConfiguration} {Hint}.");
        });
        return option;
    }

    /// <summary>
    /// Loads the harness from the directory the user gave (<paramref name="given"/>) or from
    /// <paramref name="resolved"/> (this build's own, or a variant's): a directory the user gave
    /// that holds something that is not a loadable harness is their input's fault (exit 2).
    /// </summary>
    private static ControlledHarness Load(string? given, string variant, string? resolved = null)
    {
        string directory = given ?? resolved ?? DefaultDirectory;
        try
        {
            return ControlledHarness.Load(directory, variant);
        }
        catch (Exception e) when (given is not null && e is BadImageFormatException or FileLoadException or FileNotFoundException
                                                             or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new UsageException($"--engine-dir '{given}' is not a rewritten build this tool can load: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    /// <summary>Every filter must select at least one scenario (a typo must not silently check nothing).</summary>
    private static void RequireScenarios(ControlledHarness harness, IReadOnlyList<string> filters)
    {
        IReadOnlyList<ScenarioInfo> all = harness.List();
        foreach (string filter in filters)
            if (!all.Any(s => s.Name == filter || s.Name.StartsWith(filter, StringComparison.Ordinal)))
                throw new UsageException($"no scenario matches '{filter}' ('padata-verify list' shows them; a name or a prefix such as 'domain/').");
    }
}
