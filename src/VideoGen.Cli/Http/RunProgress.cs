using System.Text.Json;

namespace VideoGen.Cli.Http;

/// <summary>A VideoGen run's <c>customStatus</c>: stage, percent, chunks done/total, message, time to preview, cost. Any field may be missing.</summary>
internal sealed record RunProgress(
    string? Stage,
    double? Percent,
    int? ChunksDone,
    int? ChunksTotal,
    string? Message,
    double? TimeToPreviewSeconds,
    double? CostSoFar)
{
    /// <summary>No progress reported.</summary>
    public static readonly RunProgress None = new(null, null, null, null, null, null, null);

    /// <summary>Reads <c>customStatus</c>: an object, a JSON string holding an object, or a plain string (taken as the message).</summary>
    public static RunProgress From(JsonElement? customStatus)
    {
        if (customStatus is not { } cs)
        {
            return None;
        }

        if (cs.ValueKind == JsonValueKind.String)
        {
            var text = cs.GetString() ?? string.Empty;
            if (text.TrimStart().StartsWith('{'))
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    return From(doc.RootElement.Clone());
                }
                catch (JsonException)
                {
                    // Not JSON after all: show it as the message.
                }
            }

            return None with { Message = text };
        }

        if (cs.ValueKind != JsonValueKind.Object)
        {
            return None with { Message = cs.GetRawText() };
        }

        var percent = Json.Number(cs, "percent");
        return new RunProgress(
            Json.String(cs, "stage"),
            percent is { } p ? Math.Clamp(p, 0, 100) : null,
            ToInt(Json.Number(cs, "chunksDone")),
            ToInt(Json.Number(cs, "chunksTotal")),
            Json.String(cs, "message"),
            Json.Number(cs, "timeToPreviewSeconds"),
            Json.Number(cs, "costSoFar"));
    }

    /// <summary>"2/5" or null when the totals are unknown.</summary>
    public string? Chunks => (ChunksDone, ChunksTotal) switch
    {
        ({ } d, { } t) => $"{d}/{t}",
        ({ } d, null) => $"{d}",
        _ => null,
    };

    private static int? ToInt(double? value) =>
        value is { } v && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;
}
