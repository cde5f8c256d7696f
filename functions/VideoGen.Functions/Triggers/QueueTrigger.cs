using System.Globalization;
using System.Text.Json;
using VideoGen.Durable.Worker;
using VideoGen.Functions.Invocation;

namespace VideoGen.Functions.Triggers;

/// <summary>Reads a queue trigger's message and metadata out of an invocation payload.</summary>
public static class QueueTrigger
{
    /// <summary>The binding name every queue-triggered function.json of this app uses.</summary>
    public const string BindingName = "message";

    /// <summary>The message text. The host passes a text message as a JSON string, a JSON message as itself.</summary>
    public static string MessageText(InvocationRequest request)
    {
        if (!request.Data.TryGetValue(BindingName, out JsonElement value))
        {
            throw new InvocationPayloadException($"The invocation has no Data.{BindingName} (the queue trigger's binding).");
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    /// <summary>The trigger metadata: <c>Id</c>, <c>PopReceipt</c>, <c>DequeueCount</c> and <c>InsertionTime</c>.</summary>
    public static QueueTriggerMessage Metadata(InvocationRequest request)
    {
        string id = Text(request, "Id") ?? throw new InvocationPayloadException("The invocation has no Metadata.Id (queue message id).");
        string pop = Text(request, "PopReceipt") ?? throw new InvocationPayloadException("The invocation has no Metadata.PopReceipt.");
        long dequeues = request.Metadata.TryGetValue("DequeueCount", out JsonElement d)
            ? d.ValueKind == JsonValueKind.Number ? d.GetInt64() : long.Parse(d.GetString()!, CultureInfo.InvariantCulture)
            : throw new InvocationPayloadException("The invocation has no Metadata.DequeueCount.");
        DateTimeOffset? inserted = Text(request, "InsertionTime") is { } t
            ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
        return new QueueTriggerMessage(id, pop, dequeues, inserted);
    }

    private static string? Text(InvocationRequest request, string name) =>
        request.Metadata.TryGetValue(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;
}
