using System.Text;
using System.Text.Json;

namespace VideoGen.Cli.Http;

/// <summary>The error body the function app returns: <c>{"error","message","field"}</c> (problem+json or plain JSON).</summary>
internal sealed record ApiError(string? Code, string? Message, string? Field)
{
    /// <summary>Reads an error body; tolerates problem+json's <c>title</c>/<c>detail</c>, plain text and empty bodies.</summary>
    public static ApiError Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return new ApiError(null, null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ApiError(null, Json.Text(root), null);
            }

            return new ApiError(
                Json.String(root, "error") ?? Json.String(root, "code") ?? Json.String(root, "title"),
                Json.String(root, "message") ?? Json.String(root, "detail"),
                Json.String(root, "field"));
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(body).Trim();
            return new ApiError(null, text.Length > 300 ? text[..300] + "…" : text, null);
        }
    }

    /// <summary>"code: message (field x)", or an empty string when the body said nothing.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(Code))
        {
            sb.Append(Code);
        }

        if (!string.IsNullOrWhiteSpace(Message))
        {
            sb.Append(sb.Length > 0 ? ": " : string.Empty).Append(Message.TrimEnd('.'));
        }

        if (!string.IsNullOrWhiteSpace(Field))
        {
            sb.Append(sb.Length > 0 ? " " : string.Empty).Append("(field ").Append(Field).Append(')');
        }

        return sb.ToString();
    }
}
