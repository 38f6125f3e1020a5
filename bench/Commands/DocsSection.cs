namespace Padata.Bench.Commands;

/// <summary>
/// A section of a results page that a bench command owns: the text between its two markers, which
/// each run replaces, or, in a page without them, a new section with <paramref name="Heading"/> at the end.
/// </summary>
internal sealed record DocsSection(string Begin, string End, string Heading)
{
    public void WriteInto(string docs, string table)
    {
        string text = File.Exists(docs) ? File.ReadAllText(docs) : "";
        string block = $"{Begin}\n{table}\n{End}";
        int begin = text.IndexOf(Begin, StringComparison.Ordinal), end = text.IndexOf(End, StringComparison.Ordinal);
        text = begin >= 0 && end > begin
            ? text[..begin] + block + text[(end + End.Length)..]
            : text.TrimEnd() + $"\n\n## {Heading}\n\n" + block + "\n";
        File.WriteAllText(docs, text);
    }
}
