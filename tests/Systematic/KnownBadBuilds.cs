namespace Padata.Systematic;

/// <summary>
/// Test classes that build known-bad variants (<see cref="VariantBuilder"/> deletes and rewrites
/// artifacts/variants/NAME/ on every build) run one after another, so no class's build pulls a
/// variant's directory from under another class's loaded harness.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KnownBadBuilds
{
    public const string Name = "known-bad variant builds";
}
