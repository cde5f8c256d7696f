using System.CommandLine.Parsing;
using System.Globalization;

namespace VideoGen.Cli;

/// <summary>Parses durations like <c>500ms</c>, <c>1s</c>, <c>2m</c>, <c>1h</c> or <c>00:01:30</c>.</summary>
internal static class Durations
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a positive duration.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                value = TimeSpan.FromMilliseconds(n * scale);
                return n > 0 && !double.IsInfinity(n);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;
    }

    /// <summary>A System.CommandLine custom parser for a duration option.</summary>
    public static TimeSpan? Parse(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(token, out var value))
        {
            return value;
        }

        result.AddError($"'{token}' is not a duration: use e.g. 500ms, 1s, 2m, 1h or 00:01:30.");
        return null;
    }
}
