using System.Text.Json;

namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// Reads the document once with <see cref="Utf8JsonReader"/> to report malformed JSON, excessive nesting and duplicate
/// property names with the JSON pointer of where the reader was (which <see cref="JsonDocument"/> cannot say).
/// </summary>
internal static class JsonSyntaxCheck
{
    /// <summary>The error, or <c>null</c> when the document is well-formed.</summary>
    public static BriefValidationError? Check(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return new BriefValidationError("", "json", "The document is empty.", null);
        }

        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = BriefLimits.MaxJsonDepth });
        bool any = false;
        try
        {
            while (reader.Read())
            {
                any = true;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        Frame obj = frames[^1];
                        obj.Property = null;
                        if (ReadString(ref reader) is not { } name)
                        {
                            return BadString(frames);
                        }

                        obj.Property = name;
                        if (!obj.Seen!.Add(obj.Property))
                        {
                            return new BriefValidationError(
                                PointerOf(frames), "duplicateProperty", $"Property '{obj.Property}' appears more than once.", null);
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.String:
                        Advance(frames);
                        if (ReadString(ref reader) is null)
                        {
                            return BadString(frames);
                        }

                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            string where = $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";
            string reason = e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            string? limit = reason.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"{BriefLimits.MaxJsonDepth} levels" : null;
            return new BriefValidationError(PointerOf(frames), "json", $"Malformed JSON at {where}: {reason}.", limit);
        }

        return any ? null : new BriefValidationError("", "json", "The document holds no JSON value.", null);
    }

    // Utf8JsonReader checks string contents only when they are read; read each one so bad UTF-8 fails here.
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static BriefValidationError BadString(List<Frame> frames) =>
        new(PointerOf(frames), "json", "A string is not valid UTF-8 or holds an unpaired surrogate escape (\\uD800–\\uDFFF).", null);

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string PointerOf(List<Frame> frames)
    {
        string pointer = "";
        foreach (Frame f in frames)
        {
            if (f.IsArray && f.Index >= 0)
            {
                pointer = JsonPointers.Child(pointer, f.Index);
            }
            else if (!f.IsArray && f.Property is not null)
            {
                pointer = JsonPointers.Child(pointer, f.Property);
            }
        }

        return pointer;
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }

        public HashSet<string>? Seen { get; } = isArray ? null : new HashSet<string>(StringComparer.Ordinal);
    }
}
