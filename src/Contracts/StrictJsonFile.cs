using System.Text.Json;

namespace Padata.Harness.Contracts;

/// <summary>
/// The first steps of reading back a file this tool wrote (a schedule file, a check report): the file
/// must exist, be no larger than any file the tool writes, be complete JSON, and carry the one format
/// this build reads. Each refusal is an <see cref="InvalidDataException"/> or
/// <see cref="FileNotFoundException"/> whose message is one line naming the file.
/// </summary>
internal static class StrictJsonFile
{
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
