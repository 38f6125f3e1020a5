using System.Reflection;

namespace Padata.Harness.Contracts;

/// <summary>This tool's version as the build stamped it (informational version, with the source revision when the SDK knows it).</summary>
public static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
