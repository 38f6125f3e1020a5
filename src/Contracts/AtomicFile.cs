namespace Padata.Harness.Contracts;

/// <summary>
/// Writes a file whole or not at all: the text goes to a temporary file beside the target, which
/// is then renamed over it (a rename within one directory is atomic), so an interrupted write
/// (Ctrl-C, a CI timeout, a full disk) never leaves a partial file under the target's name.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(text);
    });

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>: if it throws, or the
    /// process dies before the rename, no file appears under <paramref name="path"/> (and an
    /// existing one is left as it was).
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
