using System.Globalization;
using System.Text;

namespace VideoGen.Pipeline.Policy;

/// <summary>
/// Folds text for policy matching: the NFKC compatibility forms, accents and marks, case, invisible format characters
/// and common Cyrillic/Greek look-alikes all fold to plain lowercase ASCII where one exists (table
/// <c>text-fold.v1.tsv</c>; the build runs with invariant globalization, so <see cref="string.Normalize()"/> cannot).
/// </summary>
internal static class TextFold
{
    private const string ResourceName = "VideoGen.Pipeline.Policy.text-fold.v1.tsv";

    private static readonly Lazy<Dictionary<int, string>> Table = new(LoadTable, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Appends the folded form of <paramref name="rune"/> to <paramref name="output"/>; returns how many chars it added
    /// (0 for marks and invisible characters).
    /// </summary>
    public static int Append(Rune rune, StringBuilder output)
    {
        if (Table.Value.TryGetValue(rune.Value, out string? folded))
        {
            output.Append(folded);
            return folded.Length;
        }

        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format)
        {
            return 0;
        }

        Rune lower = Rune.ToLowerInvariant(rune);
        int before = output.Length;
        output.Append(lower.ToString());
        return output.Length - before;
    }

    /// <summary>The folded form of <paramref name="text"/> (for terms; prompts go through <see cref="FoldedText"/>).</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            Append(rune, builder);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The look-alike skeleton of a folded word that mixes letters and digits or symbols: <c>0→o 1→i 3→e 4→a 5→s 7→t
    /// @→a $→s</c> and <c>l→i</c> (so <c>Pres1dent</c>, <c>pre$ident</c> and <c>presldent</c> meet). All-digit words stay as they are.
    /// </summary>
    public static string Skeleton(string word)
    {
        bool hasLetter = false;
        foreach (char c in word)
        {
            hasLetter |= char.IsLetter(c);
        }

        if (!hasLetter)
        {
            return word;
        }

        return string.Create(word.Length, word, static (span, w) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                span[i] = w[i] switch
                {
                    '0' => 'o',
                    '1' or 'l' or '!' or '|' => 'i',
                    '3' => 'e',
                    '4' or '@' => 'a',
                    '5' or '$' => 's',
                    '7' => 't',
                    char c => c,
                };
            }
        });
    }

    private static Dictionary<int, string> LoadTable()
    {
        using Stream stream = PipelineAssembly.Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {PipelineAssembly.Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var table = new Dictionary<int, string>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || !int.TryParse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int codePoint))
            {
                throw new InvalidOperationException($"{ResourceName} line {lineNumber} is not '<hex code point><TAB><replacement>'.");
            }

            table[codePoint] = line[(tab + 1)..];
        }

        return table;
    }
}
