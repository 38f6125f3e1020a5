namespace Padata.Systematic;

/// <summary>The build step really rewrote what the systematic tests run: a broken step must fail here, not test uncontrolled code.</summary>
public class RewritingTests
{
    [Fact]
    public void Every_assembly_the_controlled_harness_loads_is_rewritten_and_comes_from_the_controlled_directory()
    {
        IReadOnlyList<RewriteStatus> status = Controlled.Harness.RewriteStatus();

        Assert.Contains(status, s => s.Assembly == "Padata.Engine");
        Assert.Contains(status, s => s.Assembly == "Padata.Models");
        Assert.Contains(status, s => s.Assembly == "Padata.Harness");
        // The boundary's types are the host's own: never rewritten, never loaded from controlled/.
        Assert.DoesNotContain(status, s => s.Assembly == typeof(IHarness).Assembly.GetName().Name);
        Assert.False(Microsoft.Coyote.Rewriting.RewritingEngine.IsAssemblyRewritten(typeof(IHarness).Assembly));
        Assert.All(status, s =>
        {
            Assert.True(s.Rewritten, $"{s.Assembly} at {s.Location} is not rewritten");
            Assert.StartsWith(Controlled.Harness.Directory, s.Location);
        });
    }

    [Fact]
    public void The_engine_this_test_process_references_directly_is_the_unrewritten_build()
    {
        Assert.False(Microsoft.Coyote.Rewriting.RewritingEngine.IsAssemblyRewritten(typeof(PadataEngine).Assembly));
    }
}
