using System.Text.RegularExpressions;

namespace VideoGen.Pipeline.Policy;

/// <summary>A category's terms indexed by first word and its patterns compiled, ready to screen text.</summary>
internal sealed class CompiledCategory
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, List<PolicyTerm>> byFirstWord = new(StringComparer.Ordinal);
    private readonly List<PolicyTerm> prefixWords = [];
    private readonly List<(string Source, Regex Regex)> patterns = [];

    /// <summary>Compiles <paramref name="category"/>; <paramref name="field"/> is its pointer, for errors.</summary>
    public CompiledCategory(PolicyCategory category, string field)
    {
        Category = category;
        for (int i = 0; i < category.Terms.Count; i++)
        {
            PolicyTerm term = PolicyTerm.Parse(category.Terms[i], $"{field}/terms/{i}");
            Add(term);
            if (term.Joined() is { } joined)
            {
                Add(joined);
            }
        }

        for (int i = 0; i < category.Patterns.Count; i++)
        {
            string source = category.Patterns[i];
            try
            {
                // Non-backtracking: a tenant-supplied pattern runs in linear time, whatever it is.
                patterns.Add((source, new Regex(source, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout)));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new PolicyFormatException($"{field}/patterns/{i}", $"Pattern '{source}' is not a valid non-backtracking .NET regular expression: {e.Message}", e);
            }
        }
    }

    /// <summary>The category.</summary>
    public PolicyCategory Category { get; }

    /// <summary>Every match in <paramref name="text"/>, as (rule, quoted original text).</summary>
    public IEnumerable<(string Rule, string Matched)> Match(FoldedText text)
    {
        for (int i = 0; i < text.Words.Count; i++)
        {
            string word = text.Words[i].Skeleton;
            IEnumerable<PolicyTerm> candidates = byFirstWord.TryGetValue(word, out List<PolicyTerm>? exact) ? exact : [];
            foreach (PolicyTerm term in candidates.Concat(prefixWords))
            {
                if (term.MatchesAt(text, i))
                {
                    yield return ("term:" + term.Source, text.Quote(i, i + term.Words.Count - 1));
                }
            }
        }

        if (text.Words.Count == 0)
        {
            yield break;
        }

        foreach ((string source, Regex regex) in patterns)
        {
            foreach (Match m in regex.Matches(text.Canonical))
            {
                if (m.Length > 0)
                {
                    yield return ("pattern:" + source, text.Quote(WordAt(text, m.Index), WordAt(text, m.Index + m.Length - 1)));
                }
            }
        }
    }

    private static int WordAt(FoldedText text, int canonicalIndex)
    {
        int word = 0;
        while (word + 1 < text.CanonicalStarts.Count && text.CanonicalStarts[word + 1] <= canonicalIndex)
        {
            word++;
        }

        return word;
    }

    private void Add(PolicyTerm term)
    {
        if (term.Words.Count == 1 && term.Prefix)
        {
            prefixWords.Add(term);
            return;
        }

        if (!byFirstWord.TryGetValue(term.Words[0], out List<PolicyTerm>? list))
        {
            byFirstWord[term.Words[0]] = list = [];
        }

        list.Add(term);
    }
}
