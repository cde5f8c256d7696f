using System.Text.Json;

namespace VideoGen.Cli.Http;

/// <summary>
/// A Durable Functions instance status object as the function app returns it. The raw JSON is kept (for --json);
/// the accessors are tolerant of missing or oddly typed fields.
/// </summary>
internal sealed class InstanceStatus(JsonElement raw)
{
    /// <summary>The status object as received.</summary>
    public JsonElement Raw { get; } = raw;

    /// <summary>The orchestration name.</summary>
    public string? Name => Json.String(Raw, "name");

    /// <summary>The instance id.</summary>
    public string InstanceId => Json.String(Raw, "instanceId") ?? "?";

    /// <summary>Pending, Running, Completed, Failed, Terminated, Suspended (or whatever the server said).</summary>
    public string RuntimeStatus => Json.String(Raw, "runtimeStatus") ?? "Unknown";

    /// <summary>True once the run has ended (Completed, Failed, Terminated, Canceled).</summary>
    public bool IsTerminal => RuntimeStatus is "Completed" or "Failed" or "Terminated" or "Canceled";

    /// <summary>True when the run ended in success.</summary>
    public bool IsCompleted => RuntimeStatus == "Completed";

    /// <summary>The VideoGen progress carried in <c>customStatus</c>.</summary>
    public RunProgress Progress => RunProgress.From(Json.Property(Raw, "customStatus"));

    /// <summary>The output, if any.</summary>
    public JsonElement? Output => Json.Property(Raw, "output");

    /// <summary>The input, if requested and present.</summary>
    public JsonElement? Input => Json.Property(Raw, "input");

    /// <summary>Creation time as sent.</summary>
    public string? CreatedTime => Json.String(Raw, "createdTime");

    /// <summary>Last update time as sent.</summary>
    public string? LastUpdatedTime => Json.String(Raw, "lastUpdatedTime");

    /// <summary>The history events, if requested.</summary>
    public IReadOnlyList<JsonElement> HistoryEvents =>
        Json.Property(Raw, "historyEvents") is { ValueKind: JsonValueKind.Array } h ? [.. h.EnumerateArray()] : [];

    /// <summary>Why a failed run failed: the output string, or its <c>error</c>/<c>message</c>, or the output as JSON.</summary>
    public string? FailureReason
    {
        get
        {
            if (Output is not { } o)
            {
                return Progress.Message;
            }

            if (o.ValueKind == JsonValueKind.Object)
            {
                var error = Json.String(o, "error");
                var message = Json.String(o, "message");
                return (error, message) switch
                {
                    (not null, not null) => $"{error}: {message}",
                    (not null, null) => error,
                    (null, not null) => message,
                    _ => o.GetRawText(),
                };
            }

            return Json.Text(o);
        }
    }
}
