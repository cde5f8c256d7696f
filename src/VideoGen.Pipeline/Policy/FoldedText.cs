using System.Text;

namespace VideoGen.Pipeline.Policy;

/// <summary>
/// A screened text split into folded words, each remembering where it came from so a finding can quote the brief as
/// written. Words are runs of letters, digits and the look-alike symbols <c>@ $ ! |</c>; everything else (spaces,
/// punctuation, hyphens, line breaks, any number of them) separates words.
/// </summary>
internal sealed class FoldedText
{
    private FoldedText(string original, List<Word> words)
    {
        Original = original;
        Words = words;
        Canonical = string.Join(' ', words.Select(w => w.Folded));
        var starts = new int[words.Count];
        for (int i = 0, at = 0; i < words.Count; i++)
        {
            starts[i] = at;
            at += words[i].Folded.Length + 1;
        }

        CanonicalStarts = starts;
    }

    /// <summary>The text as written.</summary>
    public string Original { get; }

    /// <summary>The words, in order.</summary>
    public IReadOnlyList<Word> Words { get; }

    /// <summary>The folded words joined by single spaces: what policy patterns are matched against.</summary>
    public string Canonical { get; }

    /// <summary>Index in <see cref="Canonical"/> where each word starts.</summary>
    public IReadOnlyList<int> CanonicalStarts { get; }

    /// <summary>Folds and splits <paramref name="text"/>.</summary>
    public static FoldedText From(string text)
    {
        var words = new List<Word>();
        var current = new StringBuilder();
        int start = -1, end = 0, index = 0;
        var folded = new StringBuilder(8);
        foreach (Rune rune in text.EnumerateRunes())
        {
            folded.Clear();
            int added = TextFold.Append(rune, folded);
            int runeStart = index;
            index += rune.Utf16SequenceLength;
            if (added == 0)
            {
                continue; // A mark or invisible character: it neither adds to nor breaks a word.
            }

            foreach (char c in folded.ToString())
            {
                if (char.IsLetterOrDigit(c) || c is '@' or '$' or '!' or '|')
                {
                    start = start < 0 ? runeStart : start;
                    current.Append(c);
                    end = index;
                }
                else if (current.Length > 0)
                {
                    words.Add(new Word(current.ToString(), start, end));
                    current.Clear();
                    start = -1;
                }
            }
        }

        if (current.Length > 0)
        {
            words.Add(new Word(current.ToString(), start, end));
        }

        return new FoldedText(text, TrimSymbols(words));
    }

    /// <summary>The same text with every run of three or more one-letter words joined (<c>p r e s i d e n t</c> → <c>president</c>).</summary>
    public FoldedText? JoinSpelledOut()
    {
        var joined = new List<Word>();
        bool changed = false;
        for (int i = 0; i < Words.Count;)
        {
            int j = i;
            while (j < Words.Count && Words[j].Folded.Length == 1)
            {
                j++;
            }

            if (j - i >= 3)
            {
                joined.Add(new Word(string.Concat(Words.Skip(i).Take(j - i).Select(w => w.Folded)), Words[i].Start, Words[j - 1].End));
                changed = true;
                i = j;
            }
            else
            {
                joined.Add(Words[i]);
                i++;
            }
        }

        return changed ? new FoldedText(Original, joined) : null;
    }

    /// <summary>The original text of words <paramref name="first"/> to <paramref name="last"/>.</summary>
    public string Quote(int first, int last) => Original[Words[first].Start..Words[last].End];

    // Look-alike symbols count inside a word ("pre$ident") but not on their own or at its edges ("$5", "wow!").
    private static List<Word> TrimSymbols(List<Word> words)
    {
        var result = new List<Word>(words.Count);
        foreach (Word w in words)
        {
            string trimmed = w.Folded.Trim('@', '$', '!', '|');
            if (trimmed.Length > 0)
            {
                result.Add(trimmed.Length == w.Folded.Length ? w : new Word(trimmed, w.Start, w.End));
            }
        }

        return result;
    }

    /// <summary>One word.</summary>
    /// <param name="Folded">Folded form (lowercase, accents stripped).</param>
    /// <param name="Start">UTF-16 index in the original text where it starts.</param>
    /// <param name="End">UTF-16 index in the original text just after it.</param>
    internal sealed record Word(string Folded, int Start, int End)
    {
        /// <summary>Look-alike skeleton of <see cref="Folded"/>, what terms are compared with.</summary>
        public string Skeleton { get; } = TextFold.Skeleton(Folded);
    }
}
