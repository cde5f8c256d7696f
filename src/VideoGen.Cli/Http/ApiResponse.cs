using System.Net;
using System.Text.Json;

namespace VideoGen.Cli.Http;

/// <summary>A successful response: its status code, the continuation token if any, and the body read within the size limit.</summary>
internal sealed record ApiResponse(HttpStatusCode StatusCode, string? ContinuationToken, byte[] Body)
{
    /// <summary>Parses the body as JSON; an empty or malformed body is a server error naming <paramref name="what"/>.</summary>
    public JsonElement ReadJson(string what)
    {
        if (Body.Length == 0)
        {
            throw new ServerException($"The function app answered {what} with an empty body where JSON was expected.");
        }

        try
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ServerException($"The function app answered {what} with a body that is not valid JSON ({ex.Message}).", ex);
        }
    }
}
