using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Text.Json;

namespace Padata.Harness;

/// <summary>
/// The harness as loaded from a directory of Coyote-rewritten assemblies (the production engine's,
/// or a known-bad variant's), in a load context of its own. The caller's process keeps its
/// unrewritten engine for native runs; Coyote itself is shared from the default context.
/// </summary>
public sealed class ControlledHarness
{
    private static readonly string[] ControlledAssemblies = ["Padata.Engine", "Padata.Models", "Padata.Harness"];

    private readonly Type entry;

    private ControlledHarness(string directory, string variant, Type entry)
    {
        Directory = directory;
        Variant = variant;
        this.entry = entry;
    }

    public string Directory { get; }

    public string Variant { get; }

    /// <summary>Loads the rewritten harness and engine in <paramref name="directory"/>.</summary>
    public static ControlledHarness Load(string directory, string variant)
    {
        directory = Path.GetFullPath(directory);
        string harness = Path.Combine(directory, "Padata.Harness.dll");
        if (!File.Exists(harness))
            throw new FileNotFoundException(
                $"No rewritten harness at '{harness}'. The build writes it (the RewriteControlledAssemblies target); run 'dotnet build' first.", harness);
        var context = new ControlledLoadContext(directory, variant);
        Type entry = context.LoadFromAssemblyPath(harness).GetType(typeof(HarnessEntry).FullName!, throwOnError: true)!;
        return new ControlledHarness(directory, variant, entry);
    }

    public IReadOnlyList<RewriteStatus> RewriteStatus() => Deserialize<RewriteStatus[]>(Call(nameof(HarnessEntry.RewriteStatus)));

    public IReadOnlyList<ScenarioInfo> List() => Deserialize<ScenarioInfo[]>(Call(nameof(HarnessEntry.List)));

    public IReadOnlyList<ExplorationResult> Check(CheckRequest request, TextWriter progress) =>
        Deserialize<ExplorationResult[]>(Call(nameof(HarnessEntry.Check), JsonSerializer.Serialize(request, HarnessEntry.Options), progress));

    public ReplayOutcome Replay(string scheduleFile) => Deserialize<ReplayOutcome>(Call(nameof(HarnessEntry.Replay), Path.GetFullPath(scheduleFile)));

    private string Call(string method, params object[] arguments)
    {
        MethodInfo target = entry.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
                            ?? throw new MissingMethodException(entry.FullName, method);
        try
        {
            return (string)target.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, HarnessEntry.Options)!;

    /// <summary>Loads the controlled assemblies from the directory; everything else (Coyote, the BCL) from the default context.</summary>
    private sealed class ControlledLoadContext(string directory, string variant) : AssemblyLoadContext($"controlled:{variant}")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (!ControlledAssemblies.Contains(name.Name))
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
