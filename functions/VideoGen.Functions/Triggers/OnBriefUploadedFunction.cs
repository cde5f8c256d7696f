using System.Text.Json;
using VideoGen.Functions.Ingestion;
using VideoGen.Functions.Invocation;

namespace VideoGen.Functions.Triggers;

/// <summary>
/// <c>OnBriefUploaded</c>: the Event Grid trigger (in Azure the host does the subscription handshake for it). The
/// host passes one event in <c>Data.eventGridEvent</c>, in the Event Grid or the CloudEvents schema.
/// </summary>
public sealed class OnBriefUploadedFunction(BriefIngestion ingestion, ILogger<OnBriefUploadedFunction> logger) : IFunctionHandler
{
    /// <summary>The function name.</summary>
    public const string FunctionName = "OnBriefUploaded";

    /// <summary>The trigger's binding name in function.json.</summary>
    public const string BindingName = "eventGridEvent";

    /// <inheritdoc />
    public string Name => FunctionName;

    /// <inheritdoc />
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        if (!request.Data.TryGetValue(BindingName, out JsonElement e))
        {
            throw new InvocationPayloadException($"The invocation has no Data.{BindingName} (the Event Grid trigger's binding).");
        }

        // The trigger hands over a single event; the delivery parser reads arrays (Event Grid) or single/batch (CloudEvents).
        string raw = e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
        using JsonDocument doc = JsonDocument.Parse(raw);
        bool cloudEvent = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("specversion", out _);
        string body = doc.RootElement.ValueKind == JsonValueKind.Object && !cloudEvent ? $"[{raw}]" : raw;
        EventGridDeliveryContent content;
        try
        {
            content = EventGridDelivery.Parse(BinaryData.FromString(body));
        }
        catch (EventGridPayloadException ex)
        {
            // Retrying cannot fix a malformed event: log it and let the host complete the invocation.
            logger.LogWarning("OnBriefUploaded: unreadable event ({Field}): {Reason}", ex.Field, ex.Message);
            return new InvocationResponse { Logs = [$"unreadable event ({ex.Field}): {ex.Message}"] };
        }

        var outcomes = await ingestion.AcceptAllAsync(content, cancellationToken).ConfigureAwait(false);
        var logs = outcomes.Select(o => $"{o.Notice.EventId}: {o.Outcome.Action} {o.Outcome.InstanceId ?? o.Outcome.Reason}").ToList();
        logs.AddRange(content.Ignored.Select(i => $"{i.Id}: ignored event type {i.Type}"));
        return new InvocationResponse { Logs = logs };
    }
}
