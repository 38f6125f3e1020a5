namespace Padata.Models;

/// <summary>A NUMA node: its CPUs (the deferred-init job's max_threads) and its zones, lowest first.</summary>
public sealed record NodeLayout(int Id, int Cpus, IReadOnlyList<ZoneLayout> Zones)
{
    public override string ToString() => $"node {Id} ({Cpus} CPUs): {string.Join("; ", Zones)}";
}
