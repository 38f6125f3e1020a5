using System.Text.Json;
using System.Text.Json.Serialization;
using Padata.Harness.Contracts;

namespace Padata.Verify;

/// <summary>
/// What a <c>check-worker</c> process writes on its standard output, one JSON object a line: the
/// progress of the unit it runs (<see cref="ICheckProgress"/>'s three calls), then
/// <see cref="Kinds.Done"/>, or <see cref="Kinds.Error"/> when the unit threw. The parent writes the
/// worker one <see cref="CheckRequest"/> a line on its standard input; closing that input stops the
/// worker after its current schedule.
/// </summary>
internal sealed record WorkerMessage(string Kind)
{
    public static class Kinds
    {
        public const string Exploring = "exploring";
        public const string Running = "running";
        public const string Explored = "explored";
        public const string Done = "done";
        public const string Error = "error";
    }

    public string? Scenario { get; init; }

    public ExplorationBudget? Exploration { get; init; }

    public int Schedules { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>For <see cref="Kinds.Running"/>: a DFS's estimated total, if one was made.</summary>
    public ScheduleEstimate? Estimate { get; init; }

    public ExplorationResult? Result { get; init; }

    /// <summary>For <see cref="Kinds.Error"/>: the exception, type and message, and its full text.</summary>
    public string? Message { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToLine() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message on <paramref name="line"/>, or null if the line is not one.</summary>
    public static WorkerMessage? Parse(string line)
    {
        if (!line.StartsWith('{'))
            return null;
        try
        {
            return JsonSerializer.Deserialize<WorkerMessage>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
