using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace VideoGen.Functions.Ingestion;

/// <summary>The schemas an Event Grid delivery can use.</summary>
public enum EventSchema
{
    /// <summary>The Event Grid event schema: a JSON array of events with <c>eventType</c>, <c>dataVersion</c>, <c>metadataVersion</c>.</summary>
    EventGrid,

    /// <summary>CloudEvents 1.0: one event (<c>application/cloudevents+json</c>) or a batch, with <c>specversion</c>.</summary>
    CloudEvents,
}

/// <summary>One parsed delivery: a validation handshake, or events of which some are BlobCreated.</summary>
/// <param name="Schema">Which schema the body used.</param>
/// <param name="ValidationCode">The <c>data.validationCode</c> of a <c>Microsoft.EventGrid.SubscriptionValidationEvent</c>, else null.</param>
/// <param name="BlobCreated">The BlobCreated events, in order.</param>
/// <param name="Ignored">Other events, as (id, type), which get a log line and nothing else.</param>
public sealed record EventGridDeliveryContent(EventSchema Schema, string? ValidationCode, IReadOnlyList<BlobCreatedNotice> BlobCreated, IReadOnlyList<(string Id, string Type)> Ignored);

/// <summary>
/// Parses Event Grid deliveries with the Azure.Messaging.EventGrid models: the Event Grid schema (array of events),
/// CloudEvents 1.0 (single or batch), and the subscription-validation event. Malformed bodies throw
/// <see cref="EventGridPayloadException"/> naming what is wrong.
/// </summary>
public static class EventGridDelivery
{
    /// <summary>Largest delivery accepted: Event Grid batches are at most 1 MB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Parses a delivery body.</summary>
    public static EventGridDeliveryContent Parse(BinaryData body)
    {
        if (body.ToMemory().Length > MaxBodyBytes)
        {
            throw new EventGridPayloadException($"The delivery is {body.ToMemory().Length} bytes; the limit is {MaxBodyBytes}.", "body");
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body.ToMemory()).RootElement;
        }
        catch (JsonException ex)
        {
            throw new EventGridPayloadException($"The delivery is not valid JSON: {ex.Message}", "body");
        }

        JsonElement first = root.ValueKind == JsonValueKind.Array
            ? root.GetArrayLength() > 0 ? root[0] : throw new EventGridPayloadException("The delivery is an empty array.", "body")
            : root;
        if (first.ValueKind != JsonValueKind.Object)
        {
            throw new EventGridPayloadException("The delivery must be an event object or an array of event objects.", "body");
        }

        return first.TryGetProperty("specversion", out _) ? ParseCloudEvents(body) : ParseEventGrid(body, root);
    }

    private static EventGridDeliveryContent ParseEventGrid(BinaryData body, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new EventGridPayloadException("An Event Grid schema delivery must be a JSON array of events.", "body");
        }

        EventGridEvent[] events;
        try
        {
            events = EventGridEvent.ParseMany(body);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException or FormatException)
        {
            throw new EventGridPayloadException($"The delivery is not in the Event Grid schema: {ex.Message}", "body");
        }

        string? validation = null;
        var created = new List<BlobCreatedNotice>();
        var ignored = new List<(string, string)>();
        foreach (EventGridEvent e in events)
        {
            if (e.TryGetSystemEventData(out object data) && data is SubscriptionValidationEventData v)
            {
                validation = v.ValidationCode ?? throw new EventGridPayloadException("SubscriptionValidationEvent has no data.validationCode.", "data.validationCode");
            }
            else if (e.EventType == SystemEventNames.StorageBlobCreated)
            {
                created.Add(Notice(e.Id, e.Data));
            }
            else
            {
                ignored.Add((e.Id, e.EventType));
            }
        }

        return new EventGridDeliveryContent(EventSchema.EventGrid, validation, created, ignored);
    }

    private static EventGridDeliveryContent ParseCloudEvents(BinaryData body)
    {
        CloudEvent[] events;
        try
        {
            events = CloudEvent.ParseMany(body, skipValidation: false);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException or FormatException)
        {
            throw new EventGridPayloadException($"The delivery is not valid CloudEvents 1.0: {ex.Message}", "body");
        }

        var created = new List<BlobCreatedNotice>();
        var ignored = new List<(string, string)>();
        foreach (CloudEvent e in events)
        {
            if (e.Type == SystemEventNames.StorageBlobCreated)
            {
                created.Add(Notice(e.Id, e.Data ?? throw new EventGridPayloadException($"CloudEvent {e.Id} of type {e.Type} has no data.", "data")));
            }
            else
            {
                ignored.Add((e.Id, e.Type));
            }
        }

        return new EventGridDeliveryContent(EventSchema.CloudEvents, null, created, ignored);
    }

    private static BlobCreatedNotice Notice(string id, BinaryData data)
    {
        JsonElement d;
        try
        {
            d = JsonDocument.Parse(data.ToMemory()).RootElement;
        }
        catch (JsonException ex)
        {
            throw new EventGridPayloadException($"BlobCreated event {id} has unreadable data: {ex.Message}", "data");
        }

        if (d.ValueKind != JsonValueKind.Object)
        {
            throw new EventGridPayloadException($"BlobCreated event {id} has data that is not an object.", "data");
        }

        string? url = Text(d, "url");
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new EventGridPayloadException($"BlobCreated event {id} has no absolute data.url.", "data.url");
        }

        return new BlobCreatedNotice(id, url, Text(d, "eTag"), Text(d, "sequencer"));
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
