using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>A shot's palette and seed as the GPU job carries them.</summary>
public static class ShotLook
{
    /// <summary>The palette when neither the shot nor the brand gives a colour: pale top, grey bottom, blue accent.</summary>
    public static IReadOnlyList<string> NeutralPalette { get; } = ["#f4f4f2", "#c9ccd1", "#3a6ea5"];

    /// <summary>
    /// The shot's three colours (lower-case <c>#rrggbb</c>) if it has them; else derived from the brand colour
    /// (top = 85 % towards white, bottom = 55 % towards white, accent = the colour); else <see cref="NeutralPalette"/>.
    /// </summary>
    public static IReadOnlyList<string> Palette(Brief brief, Shot shot)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(shot);
        if (shot.Palette is { Count: 3 } palette && palette.All(IsColour))
        {
            return [.. palette.Select(c => c.ToLowerInvariant())];
        }

        if (brief.Brand.PrimaryColor is { } primary && IsColour(primary))
        {
            return [Tint(primary, 0.85), Tint(primary, 0.55), primary.ToLowerInvariant()];
        }

        return NeutralPalette;
    }

    /// <summary>The shot's seed, or the first 32 bits (big-endian) of SHA-256 of <c>"{briefId}\n{shotId}"</c>.</summary>
    public static long Seed(Brief brief, Shot shot)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(shot);
        if (shot.Seed is uint seed)
        {
            return seed;
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{brief.BriefId}\n{shot.Id}"));
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    /// <summary>The colour moved <paramref name="towardsWhite"/> (0–1) of the way to white.</summary>
    public static string Tint(string colour, double towardsWhite)
    {
        int rgb = Parse(colour);
        int Mix(int shift)
        {
            int c = (rgb >> shift) & 0xFF;
            return (int)Math.Round(c + ((255 - c) * towardsWhite), MidpointRounding.AwayFromZero);
        }

        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(16):x2}{Mix(8):x2}{Mix(0):x2}");
    }

    /// <summary>True for <c>#rrggbb</c>.</summary>
    public static bool IsColour(string? colour) =>
        colour is { Length: 7 } && colour[0] == '#' && int.TryParse(colour.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);

    private static int Parse(string colour) =>
        IsColour(colour) ? int.Parse(colour.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{colour}' is not #rrggbb.");
}
