extern alias systematic;

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Padata.Harness.Contracts;
using Padata.Verify;

namespace Padata.Cli;

/// <summary>
/// A schedule file is data, never code (issue 22), on the real entry point: replay resolves the
/// build from the variant's name, never from a directory the file names; it says when the build
/// differs from the one that found the failure; it reads files strictly; and files are written
/// whole or not at all.
/// </summary>
public class ScheduleFileTests
{
    private static Variant Found => Variant.Instance;

    [Fact]
    public void A_check_that_catches_a_known_bad_variant_exits_1_and_records_its_build()
    {
        Assert.True(Found.Check.Code == ExitCode.Violated, Found.Check.ToString());
        JsonObject file = Read(Found.ScheduleFile);
        Assert.Equal(ScheduleFile.CurrentFormat, (string?)file["Format"]);
        Assert.Equal(Variant.Name, (string?)file["EngineVariant"]);
        // The fingerprint is recomputed here from its definition, not read from the tool.
        Assert.Equal(ExpectedFingerprint(Found.Directory), (string?)file["Fingerprint"]);
        Assert.False(string.IsNullOrEmpty((string?)file["ToolVersion"]));
    }

    [Fact]
    public void A_variant_file_is_replayed_on_the_projects_build_of_that_variant_by_name_and_reproduces_with_exit_1()
    {
        ToolRun run = Tool.Run("replay", Found.ScheduleFile);
        Assert.True(run.Code == ExitCode.Violated, run.ToString());
        Assert.Contains("reproduced the recorded failure", run.Out);
        Assert.Contains(Found.Directory, run.Out);
        Assert.DoesNotContain("warning", run.Error);
    }

    [Fact]
    public void A_planted_assembly_in_the_directory_a_file_names_is_never_loaded()
    {
        string folder = Directory.CreateTempSubdirectory("padata-planted-").FullName;
        string marker = Path.Combine(folder, "MARKER");
        Plant(Path.Combine(folder, "evil"), marker);
        string report = Path.Combine(folder, "report.json");
        Rewrite(Found.ScheduleFile, report, file => file["EngineDirectory"] = "evil");

        ToolRun byName = Tool.RunIn(folder, "replay", "report.json");

        Assert.True(byName.Code == ExitCode.Violated, byName.ToString());   // replayed on the variant's own build
        Assert.False(File.Exists(marker), $"the planted assembly ran:\n{byName}");

        // The recorded directory named as the build itself is refused too (a name, not a path).
        Rewrite(Found.ScheduleFile, report, file => { file["EngineDirectory"] = "evil"; file["EngineVariant"] = "evil"; });
        ToolRun asVariant = Tool.RunIn(folder, "replay", "report.json");
        Expect.UsageError(asVariant, "'evil'", "--engine-dir", "neither 'production' nor");
        Assert.False(File.Exists(marker), $"the planted assembly ran:\n{asVariant}");

        Rewrite(Found.ScheduleFile, report, file => file["EngineVariant"] = "../evil");
        Expect.UsageError(Tool.RunIn(folder, "replay", "report.json"), "'../evil'");
        Assert.False(File.Exists(marker));

        // The marker works: loading that folder on the user's say-so (--engine-dir) runs it.
        Tool.RunIn(folder, "replay", "report.json", "--engine-dir", "evil");
        Assert.True(File.Exists(marker), "the planted assembly cannot leave its marker: this test would prove nothing");
    }

    [Fact]
    public void A_known_bad_variant_whose_build_is_missing_names_the_command_that_builds_it()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("padata-missing-").FullName, "s.json");
        // Variant builds looked up in an empty folder: whichever variants other tests built, this one is missing.
        string unbuilt = systematic::Padata.Systematic.KnownBadVariants.All.Select(v => v.Name).First(n => n != Variant.Name);
        Rewrite(Found.ScheduleFile, file, f => f["EngineVariant"] = unbuilt);
        string? variants = EngineBuilds.VariantsDirectory;
        EngineBuilds.VariantsDirectory = Directory.CreateTempSubdirectory("padata-no-variants-").FullName;
        ToolRun run;
        try
        {
            run = Tool.Run("replay", file);
        }
        finally
        {
            EngineBuilds.VariantsDirectory = variants;
        }
        Expect.UsageError(run, $"'{unbuilt}'", "build it with: dotnet test tests/Systematic", $"DisplayName~{unbuilt}");
    }

    [Fact]
    public void A_fingerprint_mismatch_is_said_before_replaying_and_a_replay_that_does_not_reproduce_exits_4()
    {
        string folder = Directory.CreateTempSubdirectory("padata-mismatch-").FullName;
        string other = "sha256:" + new string('0', 64);
        string file = Path.Combine(folder, "other-build.json");
        Rewrite(Found.ScheduleFile, file, f => f["Fingerprint"] = other);

        ToolRun run = Tool.Run("replay", file);
        Assert.True(run.Code == ExitCode.Violated, run.ToString());
        Assert.Contains("found on build sha256:000000000000", run.Error);
        Assert.Contains("it may not reproduce", run.Error);

        // The same schedule on the production engine, which has not that bug: not reproduced.
        string production = Path.Combine(folder, "on-production.json");
        Rewrite(Found.ScheduleFile, production, f => f["EngineVariant"] = ControlledHarness.ProductionBuild);
        ToolRun notReproduced = Tool.Run("replay", production);
        Assert.True(notReproduced.Code == ExitCode.Incomplete, notReproduced.ToString());
        Assert.Contains("it may not reproduce", notReproduced.Error);
        Assert.Contains("DID NOT reproduce", notReproduced.Out);
    }

    public static TheoryData<string, string> Malformations() => new()
    {
        { "other-format", "schedule format 'padata-verify/schedule/1'" },
        { "unknown-scenario", "scenario 'no/such'" },
        { "trace-not-json", "Coyote trace cannot be parsed" },
        { "trace-not-coyotes", "Coyote cannot read its trace" },
        { "truncated", "truncated or malformed" },
        { "unknown-field", "not a valid padata-verify/schedule/2 file" },
        { "missing-field", "not a valid padata-verify/schedule/2 file" },
        { "oversized", "more than a schedule file may be (4,194,304 bytes)" },
    };

    [Theory]
    [MemberData(nameof(Malformations))]
    public void A_malformed_schedule_file_exits_2_with_one_line_naming_the_file_and_the_problem(string malformation, string problem)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("padata-malformed-").FullName, malformation + ".json");
        string text = File.ReadAllText(Found.ScheduleFile);
        switch (malformation)
        {
            case "other-format": Rewrite(Found.ScheduleFile, file, f => f["Format"] = "padata-verify/schedule/1"); break;
            case "unknown-scenario": Rewrite(Found.ScheduleFile, file, f => f["Scenario"] = "no/such"); break;
            case "trace-not-json": Rewrite(Found.ScheduleFile, file, f => f["CoyoteTrace"] = ((string)f["CoyoteTrace"]!)[..200]); break;
            case "trace-not-coyotes": Rewrite(Found.ScheduleFile, file, f => f["CoyoteTrace"] = """{ "Settings": { "MaxUnfairSchedulingSteps": "many" } }"""); break;
            case "truncated": File.WriteAllText(file, text[..(text.Length / 2)]); break;
            case "unknown-field": Rewrite(Found.ScheduleFile, file, f => f["Payload"] = "run me"); break;
            case "missing-field": Rewrite(Found.ScheduleFile, file, f => f.Remove("Fingerprint")); break;
            case "oversized": Rewrite(Found.ScheduleFile, file, f => f["Failure"] = new string('x', (int)ScheduleFile.MaxBytes)); break;
        }

        ToolRun run = Tool.Run("replay", file);

        Expect.UsageError(run, file, problem);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_interrupted_write_leaves_no_file_under_the_target_name_and_no_temporary_file()
    {
        string folder = Directory.CreateTempSubdirectory("padata-atomic-").FullName;
        string target = Path.Combine(folder, "schedule.json");

        Assert.Throws<IOException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("interrupted half way");
        }));
        Assert.Empty(Directory.GetFileSystemEntries(folder));

        // Over an existing file: the old one stays whole.
        File.WriteAllText(target, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("interrupted half way");
        }));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Single(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_schedule_file_is_saved_whole_and_reads_back_equal()
    {
        ScheduleFile original = ScheduleFile.Load(Found.ScheduleFile);
        string copy = Path.Combine(Directory.CreateTempSubdirectory("padata-save-").FullName, "copy.json");
        original.Save(copy);
        Assert.Equal(original, ScheduleFile.Load(copy));
        Assert.Single(Directory.GetFileSystemEntries(Path.GetDirectoryName(copy)!));
    }

    /// <summary>The fingerprint's definition (README), recomputed independently of <see cref="BuildFingerprint"/>.</summary>
    private static string ExpectedFingerprint(string directory)
    {
        using JsonDocument configuration = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "rewrite.coyote.json")));
        var names = configuration.RootElement.GetProperty("Assemblies").EnumerateArray()
            .Select(a => Path.GetFileNameWithoutExtension(a.GetString()!)).Order(StringComparer.Ordinal);
        var all = new List<byte>();
        foreach (string name in names)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(directory, name + ".dll"));
            all.AddRange(System.Text.Encoding.UTF8.GetBytes(name));
            all.Add(0);
            all.AddRange(BitConverter.GetBytes((long)bytes.Length));
            all.AddRange(bytes);
        }
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(all.ToArray()));
    }

    private static string EngineRoot() => systematic::Padata.Systematic.Controlled.RepositoryRoot;

    private static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static void Rewrite(string from, string to, Action<JsonObject> change)
    {
        JsonObject file = Read(from);
        change(file);
        File.WriteAllText(to, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// A directory that looks like a rewritten build (rewrite.coyote.json and a Padata.Harness.dll
    /// implementing <see cref="IHarness"/>) whose assembly writes <paramref name="marker"/> as soon
    /// as it is initialized or instantiated.
    /// </summary>
    private static void Plant(string directory, string marker)
    {
        Directory.CreateDirectory(directory);
        string source = $$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using Padata.Harness.Contracts;

            public sealed class Planted : IHarness
            {
                [ModuleInitializer]
                internal static void Loaded() => File.WriteAllText(@"{{marker}}", "module initializer ran");

                public Planted() => File.WriteAllText(@"{{marker}}", "constructor ran");

                public IReadOnlyList<ScenarioInfo> List() => throw new NotSupportedException("planted");
                public IReadOnlyList<ExplorationResult> Check(CheckRequest request, ICheckProgress progress, CancellationToken cancellation) => throw new NotSupportedException("planted");
                public ReplayOutcome Replay(string scheduleFile) => throw new NotSupportedException("planted");
                public IReadOnlyList<RewriteStatus> RewriteStatus(IReadOnlyList<string> assemblies) => throw new NotSupportedException("planted");
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(IHarness).Assembly.Location));
        var emitted = CSharpCompilation.Create("Padata.Harness", [CSharpSyntaxTree.ParseText(source)], references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .Emit(Path.Combine(directory, "Padata.Harness.dll"));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        File.WriteAllText(Path.Combine(directory, "rewrite.coyote.json"), """{ "AssembliesPath": ".", "Assemblies": [ "Padata.Harness.dll" ] }""");
    }
}
