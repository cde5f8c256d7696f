using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace VideoGen.Pipeline.Workflow;

/// <summary>
/// The serializer of every workflow payload (inputs, outputs, events, custom status) in both hosts: the local DTFx
/// host's shims and client, and the isolated function app's worker serializer. A wire contract: it decides what is
/// stored in history, so changing it can break the replay of running instances.
/// </summary>
public static class WorkflowJson
{
    /// <summary>Web defaults (camelCase, case-insensitive read), enums as strings, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The Durable Task data converter over <see cref="Options"/>.</summary>
    public static DataConverter Converter { get; } = new JsonDataConverter(Options);
}
