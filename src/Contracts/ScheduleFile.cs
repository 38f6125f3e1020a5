using System.Text.Json;

namespace Padata.Harness.Contracts;

/// <summary>
/// A failing schedule on disk: enough to run exactly that schedule again. The Coyote trace fixes
/// every scheduling choice; the scenario is found again by name; the engine directory names the
/// rewritten assemblies the failure was found in (a known-bad variant's, or the production build's).
/// </summary>
public sealed record ScheduleFile(
    string Format,
    string Scenario,
    string Shape,
    string Strategy,
    string EngineVariant,
    string EngineDirectory,
    uint MaxSteps,
    bool MemoryAccesses,
    string Failure,
    string CoyoteTrace,
    DateTimeOffset FoundAt)
{
    public const string CurrentFormat = "padata-verify/schedule/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
    }

    public static ScheduleFile Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No schedule file at '{path}'.", path);
        ScheduleFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ScheduleFile>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a padata-verify schedule file: {e.Message}", e);
        }
        if (file is null || file.Format != CurrentFormat || string.IsNullOrEmpty(file.CoyoteTrace))
            throw new InvalidDataException($"'{path}' is not a {CurrentFormat} schedule file (format '{file?.Format}').");
        return file;
    }
}
