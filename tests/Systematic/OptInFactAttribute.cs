namespace Padata.Systematic;

/// <summary>
/// A fact that runs only when the environment variable <paramref name="variable"/> is 1 and is
/// reported as skipped otherwise (with how to run it), for explorations too long for the default
/// test run.
/// </summary>
public sealed class OptInFactAttribute : FactAttribute
{
    public OptInFactAttribute(string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) != "1")
            Skip = $"opt-in: set {variable}=1 to run it";
    }
}
