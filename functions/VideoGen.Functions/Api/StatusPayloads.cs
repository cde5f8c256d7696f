using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace VideoGen.Functions.Api;

/// <summary>
/// The payloads of Durable Functions' HTTP API, so tools written for it work here: the check-status payload a start
/// returns, and the instance status object (<c>name</c>, <c>instanceId</c>, <c>runtimeStatus</c>, <c>input</c>,
/// <c>customStatus</c>, <c>output</c>, <c>createdTime</c>, <c>lastUpdatedTime</c>, <c>historyEvents</c>).
/// Source: https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-http-api
/// </summary>
public static class StatusPayloads
{
    /// <summary>Where the management API lives, relative to the app's root (the Functions host's <c>api/</c> prefix included).</summary>
    public const string InstancesPath = "/api/durabletask/instances";

    /// <summary>The check-status payload for <paramref name="instanceId"/>, with URIs under <paramref name="baseUri"/>.</summary>
    public static CheckStatusPayload CheckStatus(Uri baseUri, string instanceId)
    {
        string root = new Uri(baseUri, InstancesPath + "/" + Uri.EscapeDataString(instanceId)).AbsoluteUri;
        return new CheckStatusPayload(
            instanceId,
            root,
            root + "/raiseEvent/{eventName}",
            root + "/terminate?reason={text}",
            root,
            root + "/suspend?reason={text}",
            root + "/resume?reason={text}");
    }

    /// <summary>The status object of one instance.</summary>
    public static JsonObject Status(OrchestrationMetadata m, bool showInput, IList<HistoryEvent>? history)
    {
        var o = new JsonObject
        {
            ["name"] = m.Name,
            ["instanceId"] = m.InstanceId,
            ["runtimeStatus"] = m.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(m.SerializedInput) : null,
            ["customStatus"] = Parse(m.SerializedCustomStatus),
            ["output"] = m.FailureDetails is { } f ? JsonValue.Create(f.ErrorMessage) : Parse(m.SerializedOutput),
            ["createdTime"] = m.CreatedAt.ToString("O"),
            ["lastUpdatedTime"] = m.LastUpdatedAt.ToString("O"),
        };
        if (m.FailureDetails is { } failure)
        {
            o["failureDetails"] = new JsonObject { ["errorType"] = failure.ErrorType, ["errorMessage"] = failure.ErrorMessage };
        }

        if (history is not null)
        {
            var events = new JsonArray();
            foreach (HistoryEvent e in history)
            {
                if (e is OrchestratorStartedEvent or OrchestratorCompletedEvent)
                {
                    continue; // episode boundaries: Durable Functions' API leaves them out too
                }

                (string? name, int? taskId, string? data) = Describe(e);
                events.Add(new JsonObject
                {
                    ["EventType"] = e.EventType.ToString(),
                    ["Timestamp"] = new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)).ToString("O"),
                    ["FunctionName"] = name,
                    ["TaskId"] = taskId,
                    ["Data"] = Parse(data),
                });
            }

            o["historyEvents"] = events;
        }

        return o;
    }

    /// <summary>The name, task id and payload of a history event, as far as its kind has them.</summary>
    private static (string? Name, int? TaskId, string? Data) Describe(HistoryEvent e) => e switch
    {
        ExecutionStartedEvent x => (x.Name, null, x.Input),
        ExecutionCompletedEvent x => (null, null, x.FailureDetails?.ErrorMessage ?? x.Result),
        ExecutionTerminatedEvent x => (null, null, x.Input),
        TaskScheduledEvent x => (x.Name, x.EventId, x.Input),
        TaskCompletedEvent x => (null, x.TaskScheduledId, x.Result),
        TaskFailedEvent x => (null, x.TaskScheduledId, x.FailureDetails?.ErrorMessage ?? x.Reason),
        SubOrchestrationInstanceCreatedEvent x => (x.Name, x.EventId, x.Input),
        SubOrchestrationInstanceCompletedEvent x => (null, x.TaskScheduledId, x.Result),
        SubOrchestrationInstanceFailedEvent x => (null, x.TaskScheduledId, x.FailureDetails?.ErrorMessage ?? x.Reason),
        TimerCreatedEvent x => (null, x.EventId, x.FireAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        TimerFiredEvent x => (null, x.TimerId, x.FireAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        EventRaisedEvent x => (x.Name, null, x.Input),
        EventSentEvent x => (x.Name, x.EventId, x.Input),
        _ => (null, null, null),
    };

    /// <summary>Stored JSON as a node; text that is not JSON stays a string.</summary>
    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}

/// <summary>Durable Functions' check-status payload (what a start answers with).</summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the instance's status.</param>
/// <param name="SendEventPostUri">POST: raise an event (replace <c>{eventName}</c>).</param>
/// <param name="TerminatePostUri">POST: terminate.</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the instance's history.</param>
/// <param name="SuspendPostUri">POST: suspend.</param>
/// <param name="ResumePostUri">POST: resume.</param>
public sealed record CheckStatusPayload(
    string Id, string StatusQueryGetUri, string SendEventPostUri, string TerminatePostUri, string PurgeHistoryDeleteUri, string SuspendPostUri, string ResumePostUri);
