namespace VideoGen.Pipeline.Safety;

/// <summary>
/// Splits text longer than the service limit (10,000 characters per request) into pieces that overlap by
/// <see cref="Overlap"/> characters, so that a blocklist phrase cut by one boundary is whole in the next piece.
/// Cuts fall on whitespace when there is some near the end of a piece and never split a surrogate pair.
/// </summary>
public static class TextChunker
{
    /// <summary>Longest text accepted by one <c>text:analyze</c> request.</summary>
    public const int MaxChars = 10_000;

    /// <summary>Characters repeated at the start of the next piece.</summary>
    public const int Overlap = 200;

    /// <summary>The pieces of <paramref name="text"/>, each at most <paramref name="maxChars"/> characters.</summary>
    public static IReadOnlyList<string> Split(string text, int maxChars = MaxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, Overlap * 4);
        if (text.Length <= maxChars)
        {
            return [text];
        }

        var pieces = new List<string>();
        var start = 0;
        while (true)
        {
            if (text.Length - start <= maxChars)
            {
                pieces.Add(text[start..]);
                return pieces;
            }

            var end = start + maxChars;
            var space = text.LastIndexOfAny([' ', '\n', '\r', '\t'], end - 1, maxChars / 4);
            if (space > start)
            {
                end = space + 1;
            }
            else if (char.IsHighSurrogate(text[end - 1]))
            {
                end--;
            }

            pieces.Add(text[start..end]);
            var next = end - Overlap;
            if (char.IsLowSurrogate(text[next]))
            {
                next--;
            }

            start = next;
        }
    }
}
