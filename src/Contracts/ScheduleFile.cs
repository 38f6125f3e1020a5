using System.Text.Json;

namespace Padata.Harness.Contracts;

/// <summary>
/// A failing schedule on disk: data, never code. The Coyote trace fixes every scheduling choice;
/// the scenario is found again by name in the catalog of the build replaying it; the engine build
/// is named (<see cref="EngineVariant"/>: production or a known-bad variant), and replay resolves
/// that name to a build of its own choosing (the recorded <see cref="EngineDirectory"/> is for
/// information only). <see cref="Fingerprint"/> and <see cref="ToolVersion"/> say which build found it.
/// </summary>
/// <param name="Fingerprint">SHA-256 over the rewritten assemblies the check explored (<see cref="BuildFingerprint"/>).</param>
/// <param name="ToolVersion">The version of the padata-verify that wrote the file.</param>
public sealed record ScheduleFile(
    string Format,
    string Scenario,
    string Shape,
    string Strategy,
    string EngineVariant,
    string EngineDirectory,
    string Fingerprint,
    string ToolVersion,
    uint MaxSteps,
    bool MemoryAccesses,
    string Failure,
    string CoyoteTrace,
    DateTimeOffset FoundAt)
{
    /// <summary>Format 2 added the fingerprint and the tool version; format 1 files are refused.</summary>
    public const string CurrentFormat = "padata-verify/schedule/2";

    /// <summary>
    /// The largest file replay reads. A schedule of the longest allowed run (a few thousand steps)
    /// takes well under 1 MiB; a bigger file is not one this tool wrote.
    /// </summary>
    public const long MaxBytes = 4 << 20;

    /// <summary>How the <see cref="Failure"/> of a passing schedule kept by <c>check --save-schedule</c> begins.</summary>
    public const string KeptPassingPrefix = "no failure: passing schedule ";

    /// <summary>The <see cref="Failure"/> field of passing schedule <paramref name="number"/> kept by <c>check --save-schedule</c>.</summary>
    public static string KeptPassing(int number) => $"{KeptPassingPrefix}{number} of the exploration, kept by --save-schedule";

    /// <summary>Whether a recorded failure is that of a schedule kept passing.</summary>
    public static bool IsKeptPassing(string failure) => failure.StartsWith(KeptPassingPrefix, StringComparison.Ordinal);

    private static readonly JsonSerializerOptions Json = StrictJsonFile.Options(camelCase: false);

    /// <summary>Writes the file whole or not at all (<see cref="AtomicFile"/>).</summary>
    public void Save(string path) => StrictJsonFile.Save(path, this, Json);

    /// <summary>
    /// Reads a schedule file strictly. Every problem is an <see cref="InvalidDataException"/> (or a
    /// <see cref="FileNotFoundException"/>) whose message is one line naming the file and what is
    /// wrong with it.
    /// </summary>
    public static ScheduleFile Load(string path)
    {
        string text = StrictJsonFile.ReadText(path, "schedule file", MaxBytes);
        string? format = StrictJsonFile.ReadFormat(path, text, "schedule file", nameof(Format));
        if (format != CurrentFormat)
            throw new InvalidDataException(format is null
                ? $"'{path}' is not a padata-verify schedule file (it has no \"Format\" field)."
                : $"'{path}' is schedule format '{format}'; this padata-verify reads '{CurrentFormat}' only (run the check that found it again with this version).");
        RequireExactFields(path, text);
        ScheduleFile file;
        try
        {
            file = JsonSerializer.Deserialize<ScheduleFile>(text, Json)
                   ?? throw new InvalidDataException($"'{path}' holds null, not a schedule.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid {CurrentFormat} file: field '{e.Path?.TrimStart('$', '.')}' does not hold a value of its kind.", e);
        }
        if (string.IsNullOrWhiteSpace(file.Scenario) || string.IsNullOrWhiteSpace(file.EngineVariant) || string.IsNullOrWhiteSpace(file.CoyoteTrace))
            throw new InvalidDataException($"'{path}' has an empty Scenario, EngineVariant or CoyoteTrace.");
        try
        {
            using JsonDocument trace = JsonDocument.Parse(file.CoyoteTrace);
            if (trace.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"'{path}': its Coyote trace is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': its Coyote trace cannot be parsed: {StrictJsonFile.OneLine(e)}", e);
        }
        return file;
    }

    /// <summary>Every field of the record present once, and no other.</summary>
    private static void RequireExactFields(string path, string text)
    {
        string[] expected = [.. typeof(ScheduleFile).GetConstructors().Single().GetParameters().Select(p => p.Name!)];
        using JsonDocument document = JsonDocument.Parse(text);
        string[] present = [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
        string[] unknown = [.. present.Except(expected, StringComparer.Ordinal)];
        string[] missing = [.. expected.Except(present, StringComparer.Ordinal)];
        if (unknown.Length > 0)
            throw new InvalidDataException($"'{path}' is not a valid {CurrentFormat} file: unknown field(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))}.");
        if (missing.Length > 0)
            throw new InvalidDataException($"'{path}' is not a valid {CurrentFormat} file: missing field(s) {string.Join(", ", missing.Select(n => $"'{n}'"))}.");
    }
}
