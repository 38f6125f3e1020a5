using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Padata.Bench.Reporting;

/// <summary>
/// One benchmark method, named by its class and its method (<c>nameof</c>), never by its display
/// text: the label the report shows is the <see cref="BenchmarkAttribute.Description"/> the
/// benchmark itself declares, read from the attribute.
/// </summary>
internal sealed record BenchmarkId(Type Type, string Method)
{
    public static BenchmarkId Of<TBenchmarks>(string method) => new(typeof(TBenchmarks), method);

    /// <summary>The benchmark's description, or its method name when it declares none.</summary>
    public string Label =>
        (Type.GetMethod(Method) ?? throw new InvalidOperationException($"{Type.Name} has no method {Method}"))
            .GetCustomAttribute<BenchmarkAttribute>()?.Description ?? Method;

    public override string ToString() => $"{Type.Name}.{Method}";
}
