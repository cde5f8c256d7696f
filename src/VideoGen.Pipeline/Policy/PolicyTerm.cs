namespace VideoGen.Pipeline.Policy;

/// <summary>A policy term compiled to the look-alike skeletons of its words.</summary>
internal sealed class PolicyTerm
{
    private PolicyTerm(string source, string[] words, bool prefix)
    {
        Source = source;
        Words = words;
        Prefix = prefix;
    }

    /// <summary>The term as the policy writes it.</summary>
    public string Source { get; }

    /// <summary>Skeletons of its words.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The last word ends in <c>*</c>: it matches any word starting with it.</summary>
    public bool Prefix { get; }

    /// <summary>Compiles <paramref name="term"/>; throws <see cref="PolicyFormatException"/> naming <paramref name="field"/>.</summary>
    public static PolicyTerm Parse(string term, string field)
    {
        string trimmed = term.Trim();
        bool prefix = trimmed.EndsWith('*');
        string body = prefix ? trimmed[..^1] : trimmed;
        if (body.Contains('*', StringComparison.Ordinal))
        {
            throw new PolicyFormatException(field, $"Term '{term}' may use '*' only at its very end.");
        }

        string[] words = FoldedText.From(body).Words.Select(w => w.Skeleton).ToArray();
        if (words.Length == 0)
        {
            throw new PolicyFormatException(field, $"Term '{term}' has no letters or digits to match.");
        }

        if (prefix && words[^1].Length < 3)
        {
            throw new PolicyFormatException(field, $"Term '{term}' is a prefix shorter than 3 characters; it would match far too much.");
        }

        return new PolicyTerm(term, words, prefix);
    }

    /// <summary>The same term written as one word (<c>taylor swift</c> → <c>taylorswift</c>), for multi-word terms.</summary>
    public PolicyTerm? Joined() => Words.Count > 1 ? new PolicyTerm(Source, [string.Concat(Words)], Prefix) : null;

    /// <summary>Whether the term matches the words of <paramref name="text"/> starting at <paramref name="first"/>.</summary>
    public bool MatchesAt(FoldedText text, int first)
    {
        if (first + Words.Count > text.Words.Count)
        {
            return false;
        }

        for (int k = 0; k < Words.Count; k++)
        {
            string word = text.Words[first + k].Skeleton;
            bool last = k == Words.Count - 1;
            bool ok = last && Prefix ? word.StartsWith(Words[k], StringComparison.Ordinal) : word == Words[k];
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
