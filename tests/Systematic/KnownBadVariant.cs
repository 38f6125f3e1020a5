namespace Padata.Systematic;

/// <summary>
/// A known-bad engine: the production sources with one textual patch, which must match exactly
/// once (so a refactoring of the engine that moves the code breaks the variant loudly instead of
/// silently testing the production code). Exists only here, in test code.
/// </summary>
/// <param name="Name">Short name; also the directory under artifacts/variants/.</param>
/// <param name="Bug">What is wrong, in one line.</param>
/// <param name="File">Source file under src/, as PROJECT/FILE (Engine/… or Models/…).</param>
/// <param name="Find">Text of the production source to replace.</param>
/// <param name="Replace">The buggy text.</param>
/// <param name="CaughtBy">Catalog scenarios (names or prefixes) expected to catch it.</param>
/// <param name="ZooEntry">The bug-zoo entry it stands for (docs/bug-zoo.md; issue "Bug zoo", entries 1 to 10; later entries from the issues that added them).</param>
/// <param name="CatchWithin">
/// Schedules of the default check within which it must be caught: the zoo's goal is 1,000; a race whose
/// window is narrow may be given more, with the reason at its entry.
/// </param>
public sealed record KnownBadVariant(string Name, string Bug, string File, string Find, string Replace, string[] CaughtBy, int ZooEntry, int CatchWithin = 1_000)
{
    public override string ToString() => Name;
}
