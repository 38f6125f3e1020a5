namespace Padata.Models;

/// <summary>The verdict of <see cref="MemmapVerifier"/>: the first violations in full, and how many there were.</summary>
public sealed record VerificationReport(ulong PresentPages, int ViolationCount, IReadOnlyList<string> Violations)
{
    public bool Holds => ViolationCount == 0;

    public override string ToString() =>
        Holds
            ? $"all invariants hold over {PresentPages} present pages"
            : $"{ViolationCount} violation(s) over {PresentPages} present pages:\n  " + string.Join("\n  ", Violations)
              + (ViolationCount > Violations.Count ? $"\n  … and {ViolationCount - Violations.Count} more" : "");

    internal sealed class Builder(int maxListed)
    {
        private readonly List<string> listed = [];
        private int count;

        public void Add(string violation)
        {
            count++;
            if (listed.Count < maxListed)
                listed.Add(violation);
        }

        public VerificationReport Build(ulong presentPages) => new(presentPages, count, listed);
    }
}
