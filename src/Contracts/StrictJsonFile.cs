using System.Text.Json;
using System.Text.Json.Serialization;

namespace Padata.Harness.Contracts;

/// <summary>
/// A JSON file this tool writes and reads back (a schedule file, a check report). Written whole or not
/// at all, with serializer options that refuse on reading what the writer never writes. Read back in
/// the same first steps: the file must exist, be no larger than any file the tool writes, be complete
/// JSON, and carry the one format this build reads. Each refusal is an
/// <see cref="InvalidDataException"/> or <see cref="FileNotFoundException"/> whose message is one line
/// naming the file.
/// </summary>
internal static class StrictJsonFile
{
    /// <summary>
    /// Indented, and strict: every field present, none unknown, no nulls where the record has none.
    /// <paramref name="camelCase"/> names properties and enum values in camelCase (as a report does);
    /// otherwise they keep the record's names (as a schedule file does).
    /// </summary>
    public static JsonSerializerOptions Options(bool camelCase)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        if (camelCase)
        {
            options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }
        return options;
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> whole or not at all (<see cref="AtomicFile"/>), creating its directory.</summary>
    public static void Save<T>(string path, T value, JsonSerializerOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, value, options));
    }

    /// <summary>The whole text of <paramref name="path"/>, a <paramref name="kind"/> of at most <paramref name="maxBytes"/>.</summary>
    public static string ReadText(string path, string kind, long maxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException(Directory.Exists(path) ? $"'{path}' is a directory, not a {kind}." : $"no {kind} at '{path}'.", path);
        if (info.Length > maxBytes)
            throw new InvalidDataException($"'{path}' is {info.Length:N0} bytes, more than a {kind} may be ({maxBytes:N0} bytes): not a file this tool wrote.");
        return File.ReadAllText(path);
    }

    /// <summary>
    /// The string field <paramref name="formatField"/> alone, or null when the document has none. It is read
    /// before the record so that a file of another version is named as such, not as malformed.
    /// </summary>
    public static string? ReadFormat(string path, string text, string kind, string formatField)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty(formatField, out JsonElement format) &&
                   format.ValueKind == JsonValueKind.String
                ? format.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a complete {kind}: the JSON is truncated or malformed ({OneLine(e)}).", e);
        }
    }

    /// <summary>The reader's message without its multi-line detail, ending with where in the file it stopped.</summary>
    public static string OneLine(JsonException e)
    {
        string message = e.Message.Split('\n')[0].Trim();
        // The reader's own message ends with its position; keep the text before that detail.
        int bar = new[] { message.IndexOf(" Path:", StringComparison.Ordinal), message.IndexOf(" LineNumber:", StringComparison.Ordinal) }
            .Where(i => i > 0).DefaultIfEmpty(-1).Min();
        string where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
        return (bar > 0 ? message[..bar] : message).TrimEnd('.') + where;
    }
}
