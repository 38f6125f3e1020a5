using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace Padata.Harness.Contracts;

/// <summary>
/// The harness as loaded from a directory of Coyote-rewritten assemblies (the production engine's,
/// or a known-bad variant's), in a load context of its own. The caller's process keeps its
/// unrewritten engine for native runs; Coyote and this contracts assembly are shared from the
/// default context, so the harness is called through <see cref="IHarness"/> with this assembly's
/// records, unserialized.
/// </summary>
public sealed class ControlledHarness
{
    /// <summary>The name recorded for the production engine's build (a known-bad variant records its own name).</summary>
    public const string ProductionBuild = "production";

    /// <summary>
    /// The file the build writes beside the rewritten assemblies for the Coyote rewriter
    /// (build/Controlled.targets): its list of assemblies is the one list of what is controlled.
    /// </summary>
    public const string RewriteConfiguration = "rewrite.coyote.json";

    private const string HarnessAssembly = "Padata.Harness";

    private readonly IHarness harness;

    private ControlledHarness(string directory, string variant, IReadOnlyList<string> assemblies, IHarness harness)
    {
        Directory = directory;
        Variant = variant;
        Assemblies = assemblies;
        this.harness = harness;
    }

    public string Directory { get; }

    public string Variant { get; }

    /// <summary>The assemblies loaded rewritten from <see cref="Directory"/> (names without extension).</summary>
    public IReadOnlyList<string> Assemblies { get; }

    /// <summary>Loads the rewritten harness and engine in <paramref name="directory"/>.</summary>
    public static ControlledHarness Load(string directory, string variant)
    {
        directory = Path.GetFullPath(directory);
        string harnessPath = Path.Combine(directory, HarnessAssembly + ".dll");
        if (!File.Exists(harnessPath))
            throw new FileNotFoundException(
                $"No rewritten harness at '{harnessPath}'. The build writes it (the RewriteControlledAssemblies target); run 'dotnet build' first.",
                harnessPath);
        IReadOnlyList<string> assemblies = ReadAssemblyList(directory);
        // The rewritten engine must not renice the OS threads Coyote runs its controlled threads on
        // (its priority calls are P/Invoke, not rewritten; see the engine's HelperPriority): set
        // before the engine is loaded, which reads it once. Process-wide, so a native engine
        // first used after this point in the same process (conformance) leaves priorities alone too.
        Environment.SetEnvironmentVariable("PADATA_HELPER_PRIORITY", "inherit");
        var context = new ControlledLoadContext(directory, variant, assemblies);
        Type entry = context.LoadFromAssemblyPath(harnessPath).GetExportedTypes()
                         .Single(t => t.IsClass && !t.IsAbstract && typeof(IHarness).IsAssignableFrom(t));
        return new ControlledHarness(directory, variant, assemblies, (IHarness)Activator.CreateInstance(entry)!);
    }

    public IReadOnlyList<RewriteStatus> RewriteStatus() => harness.RewriteStatus(Assemblies);

    public IReadOnlyList<ScenarioInfo> List() => harness.List();

    /// <summary>The <see cref="BuildFingerprint"/> of the rewritten assemblies in <see cref="Directory"/>.</summary>
    public string Fingerprint => fingerprint ??= BuildFingerprint.Of(Directory, Assemblies);

    private string? fingerprint;

    /// <summary>
    /// Runs a check on this build; every schedule file it writes records this build's
    /// <see cref="Fingerprint"/> and the tool's version.
    /// </summary>
    public IReadOnlyList<ExplorationResult> Check(CheckRequest request, ICheckProgress progress, CancellationToken cancellation = default) =>
        harness.Check(request with { Fingerprint = Fingerprint, ToolVersion = Contracts.ToolVersion.Current }, progress, cancellation);

    /// <summary>A check whose progress lines go to <paramref name="progress"/>.</summary>
    public IReadOnlyList<ExplorationResult> Check(CheckRequest request, TextWriter progress) => Check(request, new TextProgress(progress));

    public ReplayOutcome Replay(string scheduleFile) => harness.Replay(Path.GetFullPath(scheduleFile));

    /// <inheritdoc cref="IHarness.EstimateDfs"/>
    public ScheduleEstimate? EstimateDfs(CheckRequest request, string scenario, CancellationToken cancellation = default) =>
        harness.EstimateDfs(request, scenario, cancellation);

    /// <inheritdoc cref="IHarness.SplitDfs"/>
    public IReadOnlyList<int[]>? SplitDfs(CheckRequest request, string scenario, int depth, int maxParts, CancellationToken cancellation = default) =>
        harness.SplitDfs(request, scenario, depth, maxParts, cancellation);

    /// <summary>The assembly names of <see cref="RewriteConfiguration"/> in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> ReadAssemblyList(string directory)
    {
        string path = Path.Combine(directory, RewriteConfiguration);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{directory}' has no {RewriteConfiguration}: it is not a directory the build or a variant rewrote.", path);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(path));
        return [.. json.RootElement.GetProperty("Assemblies").EnumerateArray().Select(a => Path.GetFileNameWithoutExtension(a.GetString()!))];
    }

    /// <summary>
    /// Loads the controlled assemblies from the directory; everything else (Coyote, this contracts
    /// assembly, the BCL) from the default context.
    /// </summary>
    private sealed class ControlledLoadContext(string directory, string variant, IReadOnlyList<string> controlled)
        : AssemblyLoadContext($"controlled:{variant}")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (!controlled.Contains(name.Name))
                return null;
            // Never fall back to the default context's copy: that one is not rewritten, and code
            // loaded from it would run uncontrolled.
            string path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path)
                ? LoadFromAssemblyPath(path)
                : throw new FileNotFoundException($"The controlled directory '{directory}' has no rewritten {name.Name}.dll.", path);
        }
    }
}
