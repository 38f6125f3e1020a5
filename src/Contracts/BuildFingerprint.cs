using System.Security.Cryptography;
using System.Text;

namespace Padata.Harness.Contracts;

/// <summary>
/// Which build a check explored: SHA-256 over the rewritten assemblies loaded from its directory
/// (the list in its rewrite.coyote.json), taken in ordinal order of their names, each as its name,
/// a zero byte, its length as 8 little-endian bytes, then its bytes. Written as "sha256:" and 64
/// lowercase hex digits. Two directories have the same fingerprint exactly when they hold the same
/// bytes under the same names, whatever their paths.
/// </summary>
public static class BuildFingerprint
{
    public static string Of(string directory, IEnumerable<string> assemblies)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string name in assemblies.Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(directory, name + ".dll"));
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0]);
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The first 12 hex digits, as messages show a fingerprint.</summary>
    public static string Short(string fingerprint) =>
        fingerprint.StartsWith("sha256:", StringComparison.Ordinal) && fingerprint.Length >= 19 ? fingerprint[..19] : fingerprint;
}
