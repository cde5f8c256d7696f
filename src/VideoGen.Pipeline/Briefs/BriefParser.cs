using System.Text.Json;

namespace VideoGen.Pipeline.Briefs;

/// <summary>Parses and validates <c>brief.json</c>.</summary>
public static class BriefParser
{
    /// <summary>The <c>schemaVersion</c> this parser accepts.</summary>
    public const string SchemaVersion = "1.0";

    /// <summary>
    /// Parses a UTF-8 <c>brief.json</c> (a leading byte-order mark is allowed). Checks, in one pass and reporting every
    /// error found: size (<see cref="BriefLimits.MaxBriefBytes"/>), JSON syntax, nesting and duplicate properties;
    /// the embedded schema (<see cref="BriefSchema"/>); and the semantic rules (shot durations add up, captions inside
    /// the clip, tenant and id syntax, unique shot ids and approvers, callback URL).
    /// </summary>
    /// <exception cref="BriefValidationException">The brief is invalid; <see cref="BriefValidationException.Errors"/> names every problem.</exception>
    public static Brief Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > BriefLimits.MaxBriefBytes)
        {
            throw BriefValidationException.Single(
                "", "maxBytes", $"brief.json is {utf8Json.Length} bytes; the limit is {BriefLimits.MaxBriefBytes}.", $"{BriefLimits.MaxBriefBytes} bytes");
        }

        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (JsonSyntaxCheck.Check(utf8Json) is { } syntax)
        {
            throw new BriefValidationException([syntax]);
        }

        using JsonDocument document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = BriefLimits.MaxJsonDepth });
        JsonElement root = document.RootElement;
        List<BriefValidationError> errors = BriefSchema.Validate(root);
        BriefRules.Check(root, errors);
        if (errors.Count > 0)
        {
            throw new BriefValidationException(errors);
        }

        try
        {
            return root.Deserialize<Brief>(BriefJson.Options)
                ?? throw BriefValidationException.Single("", "type", "The brief is JSON null.");
        }
        catch (JsonException e)
        {
            // The schema admits only what the records accept; reaching this is a schema/record mismatch, still reported as input.
            string pointer = e.Path is { Length: > 1 } path ? PathToPointer(path) : "";
            throw new BriefValidationException([new BriefValidationError(pointer, "type", e.Message, null)]);
        }
    }

    private static string PathToPointer(string path) =>
        path.TrimStart('$').Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace('.', '/');
}
