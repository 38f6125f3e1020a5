using System.CommandLine;
using Padata.Bench.Commands;
using Padata.Bench.Priority;
using Padata.Bench.VersusC;

namespace Padata.Properties;

/// <summary>
/// The bench commands' options (<c>versus-c</c>, <c>priority</c>): bad input exits 2 before anything
/// runs, with one message naming the option and the rule, as the CLI's (tests/Cli, UsageErrorTests);
/// no option given means the documented defaults. Only the parser runs here: the commands' actions
/// are replaced by ones that record what they were given.
/// </summary>
public class BenchCommandLineTests
{
    [Theory]
    [InlineData("versus-c", "--processes", "4", "--processes must be a whole number ≥ 5")]
    [InlineData("versus-c", "--runs", "1", "--runs must be a whole number from 2 to 1,000")]
    [InlineData("versus-c", "--runs", "1001", "--runs must be a whole number from 2 to 1,000")]
    [InlineData("versus-c", "--pages", "1023", "--pages must be a whole number from 1,024 to 1,073,741,824")]
    [InlineData("versus-c", "--pages", "abc", "--pages must be a whole number from 1,024 to 1,073,741,824")]
    [InlineData("versus-c", "--workers", "0", "--workers must be a whole number from 1 to 64")]
    [InlineData("versus-c", "--workers", "-3", "--workers must be a whole number from 1 to 64")]
    [InlineData("priority", "--launches", "0", "--launches must be a whole number from 1 to 100")]
    [InlineData("priority", "--launches", "101", "--launches must be a whole number from 1 to 100")]
    [InlineData("priority", "--warmups", "0", "--warmups must be a whole number from 1 to 1,000")]
    [InlineData("priority", "--iterations", "2", "--iterations must be a whole number from 3 to 1,000")]
    [InlineData("priority", "--iterations", "many", "--iterations must be a whole number from 3 to 1,000")]
    public void A_value_out_of_range_or_not_a_number_exits_2_naming_the_command_the_option_and_the_rule(string command, string option, string value, string rule) =>
        AssertUsageError(Run(command, option, value), $"{command}: {rule} (got '{value}').");

    [Fact]
    public void Every_bad_value_is_reported_not_only_the_first() =>
        AssertUsageError(Run("priority", "--launches", "0", "--warmups", "x"), "--launches must be", "'0'", "--warmups must be", "'x'");

    [Theory]
    [InlineData("versus-c")]
    [InlineData("priority")]
    public void An_unknown_option_exits_2_naming_it(string command) =>
        // BenchmarkDotNet's own arguments go to plain runs, not to these commands.
        AssertUsageError(Run(command, "--filter", "x"), $"{command}: unknown option '--filter'", $"-- {command} --help' shows the usage");

    [Fact]
    public void An_option_without_its_value_exits_2_naming_it() =>
        AssertUsageError(Run("priority", "--iterations"), "priority: ", "'--iterations'");

    [Theory]
    [InlineData("versus-c")]
    [InlineData("priority")]
    public void Docs_in_a_directory_that_does_not_exist_exits_2_before_the_run(string command)
    {
        string missing = Path.Combine(Path.GetTempPath(), $"padata-none-{Guid.NewGuid():N}");
        AssertUsageError(Run(command, "--docs", Path.Combine(missing, "benchmarks.md")), "--docs", missing, "does not exist");
    }

    [Fact]
    public void Docs_naming_a_directory_exits_2() =>
        AssertUsageError(Run("priority", "--docs", Path.GetTempPath()), "--docs", "is a directory");

    [Fact]
    public void A_c_reference_that_does_not_exist_exits_2_naming_the_option()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"padata-none-{Guid.NewGuid():N}.c");
        AssertUsageError(Run("versus-c", "--reference", missing), "--reference", missing, "does not exist");
    }

    [Theory]
    [InlineData("versus-c", new[] { "--processes", "--runs", "--pages", "--workers", "--reference", "--docs" })]
    [InlineData("priority", new[] { "--launches", "--warmups", "--iterations", "--docs" })]
    public void Help_lists_every_option_and_the_exit_codes_and_runs_nothing(string command, string[] options)
    {
        BenchRun run = Run(command, "--help");
        Assert.True(run.Code == 0, run.ToString());
        foreach (string option in options)
            Assert.Contains(option, run.Out);
        Assert.Contains("Exit codes:", run.Out);
        Assert.Contains("2  usage or invalid input", run.Out);
        Assert.Null(run.VersusC);
        Assert.Null(run.Priority);
    }

    [Fact]
    public void Versus_c_without_options_runs_with_the_documented_defaults()
    {
        BenchRun run = Run("versus-c");
        Assert.True(run.Code == 0, run.ToString());
        Assert.Equal(new VersusCOptions(Processes: 5, Runs: 9, Pages: 4_194_304, MaxWorkers: Environment.ProcessorCount, Reference: null, Docs: null), run.VersusC);
    }

    [Fact]
    public void Priority_without_options_runs_with_the_documented_defaults()
    {
        BenchRun run = Run("priority");
        Assert.True(run.Code == 0, run.ToString());
        Assert.Equal(new PriorityOptions(Launches: 3, Warmups: 5, Iterations: 15, Docs: null), run.Priority);
    }

    [Fact]
    public void Given_values_reach_the_run_and_paths_are_made_full()
    {
        BenchRun versusC = Run("versus-c", "--processes", "7", "--runs", "2", "--pages", "1024", "--workers", "64", "--docs", "results.md");
        Assert.Equal(new VersusCOptions(7, 2, 1024, 64, null, Path.GetFullPath("results.md")), versusC.VersusC);
        BenchRun priority = Run("priority", "--launches", "1", "--warmups", "1000", "--iterations", "3");
        Assert.Equal(new PriorityOptions(1, 1000, 3, null), priority.Priority);
    }

    [Fact]
    public void A_usage_error_found_by_the_run_exits_2_and_any_other_failure_exits_3()
    {
        var error = new StringWriter();
        RootCommand usage = BenchCommandLine.Create((_, _) => throw new BenchUsageException("the CLI is not built"), (_, _) => 0);
        Assert.Equal(BenchExitCode.Usage, BenchCommandLine.Run(usage, ["versus-c"], new StringWriter(), error));
        Assert.Contains("versus-c: the CLI is not built", error.ToString());

        error = new StringWriter();
        RootCommand failing = BenchCommandLine.Create((_, _) => 0, (_, _) => throw new InvalidOperationException("a launch crashed"));
        Assert.Equal(BenchExitCode.RunFailed, BenchCommandLine.Run(failing, ["priority"], new StringWriter(), error));
        Assert.Contains("priority: the run failed", error.ToString());
        Assert.Contains("a launch crashed", error.ToString());
    }

    [Fact]
    public void The_real_commands_refuse_bad_input_before_running()
    {
        // The entry point Program uses, with its real actions: a parse error must stop before them
        // (versus-c would start processes, priority BenchmarkDotNet).
        var output = new StringWriter();
        var error = new StringWriter();
        int code = BenchCommandLine.Run(["priority", "--iterations", "2"], output, error);
        Assert.Equal(BenchExitCode.Usage, code);
        Assert.Contains("priority: --iterations must be a whole number from 3 to 1,000 (got '2').", error.ToString());
        Assert.Equal("", output.ToString());
    }

    /// <summary>What one parse-and-run did: the exit code, both streams, and the options each command's action was given (null: not run).</summary>
    private sealed record BenchRun(int Code, string Out, string Error, VersusCOptions? VersusC, PriorityOptions? Priority)
    {
        public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    private static BenchRun Run(params string[] args)
    {
        VersusCOptions? versusC = null;
        PriorityOptions? priority = null;
        RootCommand root = BenchCommandLine.Create((options, _) => { versusC = options; return 0; }, (options, _) => { priority = options; return 0; });
        var output = new StringWriter();
        var error = new StringWriter();
        int code = BenchCommandLine.Run(root, args, output, error);
        return new BenchRun(code, output.ToString(), error.ToString(), versusC, priority);
    }

    /// <summary>Exit 2, nothing run, every one of <paramref name="mentions"/> in the message, and no exception or type name in it.</summary>
    private static void AssertUsageError(BenchRun run, params string[] mentions)
    {
        Assert.True(run.Code == BenchExitCode.Usage, $"expected exit {BenchExitCode.Usage}, got:\n{run}");
        Assert.True(run.VersusC is null && run.Priority is null, $"the command ran despite the error:\n{run}");
        foreach (string mention in mentions)
            Assert.True(run.Error.Contains(mention, StringComparison.Ordinal), $"the message does not mention '{mention}':\n{run}");
        Assert.DoesNotContain("Exception", run.Error);
        Assert.DoesNotContain("System.", run.Error);
    }
}
