using System.Text;
using System.Text.Json;
using VideoGen.Durable.History;

namespace VideoGen.Durable.Storage;

/// <summary>
/// Keeps values that are too large for a queue message or a table property in the
/// <c>{hub}-largemessages</c> container (gzip), leaving a reference in their place. Blob names carry a
/// fresh GUID, so a retried or losing writer never overwrites a payload some committed row points at.
/// </summary>
internal sealed class PayloadStore(IDurableStorage storage, DurableTaskOptions options)
{
    /// <summary>Table string properties hold 32K UTF-16 chars; stay well under.</summary>
    private const int MaxTableChars = 30_000;
    private const string BlobPrefix = "@blob:";
    private const string MessageRefProperty = "payloadRef";

    /// <summary>A value for a table property: itself, or <c>@blob:name</c> (never valid JSON, so unambiguous).</summary>
    public async Task<string?> OffloadPropertyAsync(string instanceId, string? value, string kind, CancellationToken ct)
    {
        if (value is null || value.Length <= MaxTableChars)
        {
            return value;
        }

        string name = BlobName(instanceId, kind);
        await storage.UploadPayloadAsync(name, value, ct).ConfigureAwait(false);
        return BlobPrefix + name;
    }

    /// <summary>Resolves a value written by <see cref="OffloadPropertyAsync"/>.</summary>
    public async Task<string?> ResolvePropertyAsync(string? stored, CancellationToken ct)
        => stored is not null && stored.StartsWith(BlobPrefix, StringComparison.Ordinal)
            ? await storage.DownloadPayloadAsync(stored[BlobPrefix.Length..], ct).ConfigureAwait(false)
            : stored;

    /// <summary>Event JSON for a history row: inline, or offloaded with the blob name returned.</summary>
    public async Task<HistoryRow> ToRowAsync(string instanceId, string executionId, int sequence, HistoryEvent e, CancellationToken ct)
    {
        string json = EngineJson.Serialize(e);
        if (json.Length <= MaxTableChars)
        {
            return new HistoryRow(executionId, sequence, e.GetType().Name, json, null);
        }

        string name = BlobName(instanceId, $"h-{sequence}");
        await storage.UploadPayloadAsync(name, json, ct).ConfigureAwait(false);
        return new HistoryRow(executionId, sequence, e.GetType().Name, null, name);
    }

    /// <summary>Reads the event of a history row.</summary>
    public async Task<HistoryEvent> FromRowAsync(HistoryRow row, CancellationToken ct)
    {
        string json = row.Data ?? await storage.DownloadPayloadAsync(row.DataBlob
            ?? throw new InvalidOperationException($"History row {row.RowKey} has neither Data nor DataBlob."), ct).ConfigureAwait(false);
        return EngineJson.Deserialize<HistoryEvent>(json);
    }

    /// <summary>Queue message text for <paramref name="message"/>, offloading it when above the threshold.</summary>
    public async Task<string> ToMessageTextAsync<T>(string instanceId, T message, CancellationToken ct)
    {
        string json = EngineJson.Serialize(message);
        if (Encoding.UTF8.GetByteCount(json) <= options.LargePayloadThresholdBytes)
        {
            return json;
        }

        string name = BlobName(instanceId, "msg");
        await storage.UploadPayloadAsync(name, json, ct).ConfigureAwait(false);
        return JsonSerializer.Serialize(new Dictionary<string, string> { [MessageRefProperty] = name });
    }

    /// <summary>Reads a message written by <see cref="ToMessageTextAsync{T}"/>.</summary>
    public async Task<T> FromMessageTextAsync<T>(string text, CancellationToken ct)
    {
        using (JsonDocument doc = JsonDocument.Parse(text))
        {
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(MessageRefProperty, out JsonElement blob))
            {
                text = await storage.DownloadPayloadAsync(blob.GetString()!, ct).ConfigureAwait(false);
            }
        }

        return EngineJson.Deserialize<T>(text);
    }

    private static string BlobName(string instanceId, string kind) => $"{instanceId}/{kind}-{Guid.NewGuid():N}.json.gz";
}
