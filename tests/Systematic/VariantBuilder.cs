using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Padata.Systematic;

/// <summary>
/// Builds a <see cref="KnownBadVariant"/> into artifacts/variants/NAME/: compiles the patched
/// project's sources (src/Engine as Padata.Engine, or src/Models as Padata.Models, version
/// 1.0.0.0: the identity the harness binds to), copies the other built assemblies beside it,
/// and rewrites them all with the same Coyote rewriter the build uses. The result
/// is a directory <see cref="ControlledHarness.Load"/> accepts, and that a saved schedule names.
/// </summary>
public static class VariantBuilder
{
    private static readonly object Gate = new();

    public static string Build(KnownBadVariant variant)
    {
        lock (Gate)
        {
            string project = variant.File.Split('/')[0];
            string assembly = project switch
            {
                "Engine" => "Padata.Engine",
                "Models" => "Padata.Models",
                _ => throw new ArgumentException(
                    $"Variant {variant.Name} patches {variant.File}: only src/Engine and src/Models have variants.", nameof(variant)),
            };
            string sources = Path.Combine(Controlled.RepositoryRoot, "src", project);
            string fileName = Path.GetFileName(variant.File);
            string directory = Path.Combine(Controlled.RepositoryRoot, "artifacts", "variants", variant.Name);
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);

            var trees = Directory.GetFiles(sources, "*.cs").Order(StringComparer.Ordinal).Select(path =>
            {
                string text = File.ReadAllText(path);
                if (Path.GetFileName(path) == fileName)
                    text = Patch(variant, text);
                return CSharpSyntaxTree.ParseText(text, Parse, path);
            }).ToList();
            if (!trees.Any(t => Path.GetFileName(t.FilePath) == fileName))
                throw new FileNotFoundException($"Variant {variant.Name} patches {variant.File}, which is not in {sources}.");
            trees.Add(CSharpSyntaxTree.ParseText(Prelude, Parse));

            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)).ToList();
            if (assembly == "Padata.Models")
                references.Add(MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Padata.Engine.dll")));
            var compilation = CSharpCompilation.Create(assembly, trees, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var emitted = compilation.Emit(Path.Combine(directory, assembly + ".dll"));
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (!emitted.Success)
                throw new InvalidOperationException($"Variant {variant.Name} does not compile:\n" + string.Join("\n", errors));

            // The rest as built (unrewritten; rewritten below together with the variant).
            foreach (string other in Controlled.Harness.Assemblies.Where(a => a != assembly))
                File.Copy(Path.Combine(AppContext.BaseDirectory, other + ".dll"), Path.Combine(directory, other + ".dll"));
            // Not rewritten: only there for the rewriter to resolve the harness's references.
            string contracts = typeof(IHarness).Assembly.Location;
            File.Copy(contracts, Path.Combine(directory, Path.GetFileName(contracts)));
            Rewrite(directory);
            return directory;
        }
    }

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

    /// <summary>The SDK's implicit usings, and the assembly version the harness was compiled against.</summary>
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        [assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
        """;

    private static string Patch(KnownBadVariant variant, string text)
    {
        string find = variant.Find.Trim('\n');
        int at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException(
                $"Variant {variant.Name}: the text to patch occurs {(at < 0 ? "nowhere" : "more than once")} in {variant.File}; " +
                "update the variant to the current source.");
        return string.Concat(text.AsSpan(0, at), variant.Replace.Trim('\n'), text.AsSpan(at + find.Length));
    }

    private static void Rewrite(string directory)
    {
        string rewriter = File.ReadAllText(Path.Combine(Controlled.Harness.Directory, "rewriter.path")).Trim();
        // The build's own rewriter configuration: the same assemblies, in the same relative place.
        File.Copy(Path.Combine(Controlled.Harness.Directory, ControlledHarness.RewriteConfiguration),
                  Path.Combine(directory, ControlledHarness.RewriteConfiguration));
        var start = new ProcessStartInfo("dotnet", ["exec", rewriter, "rewrite", ControlledHarness.RewriteConfiguration])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ROLL_FORWARD"] = "Major";
        start.Environment["COYOTE_CLI_TELEMETRY_OPT_OUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        // Bounded like every native wait of the tests: rewriting takes seconds; 5 minutes is a hang.
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Rewriting {directory} did not finish within 5 minutes; the rewriter was killed.");
        }
        string output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Rewriting {directory} failed (exit {process.ExitCode}):\n{output}");
    }
}
