using System.Text.Json;

namespace VideoGen.Cli.Http;

/// <summary>The Durable Functions check-status payload returned by <c>POST /api/briefs</c>.</summary>
internal sealed record CheckStatus(string Id, string? StatusQueryGetUri, JsonElement Raw)
{
    /// <summary>Reads the payload; an answer without an id is a server error.</summary>
    public static CheckStatus From(JsonElement body)
    {
        var id = Json.String(body, "id") ?? Json.String(body, "instanceId");
        if (string.IsNullOrEmpty(id))
        {
            throw new ServerException("The function app accepted the brief but its answer names no instance id.");
        }

        return new CheckStatus(id, Json.String(body, "statusQueryGetUri"), body);
    }
}
