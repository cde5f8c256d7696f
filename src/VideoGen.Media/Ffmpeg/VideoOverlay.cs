using System.Globalization;
using System.Text.RegularExpressions;

namespace VideoGen.Media;

/// <summary>
/// Captions and branding burnt into the picture by ffmpeg (<c>drawbox</c>, <c>drawtext</c>). Positions are fractions of
/// the output frame, so the same overlay fits the preview and the final tier.
/// </summary>
public sealed partial record VideoOverlay
{
    /// <summary>Caption text drawn centred in a box along the bottom; null for none.</summary>
    public string? Caption { get; init; }

    /// <summary>TrueType font for the caption; null uses fontconfig's default sans font.</summary>
    public string? FontFile { get; init; }

    /// <summary>Caption box colour in ffmpeg syntax (<c>black@0.6</c>, <c>0x112233</c>). Default <c>black@0.6</c>.</summary>
    public string CaptionBoxColor { get; init; } = "black@0.6";

    /// <summary>Caption text colour. Default <c>white</c>.</summary>
    public string CaptionTextColor { get; init; } = "white";

    /// <summary>Height of the caption box as a fraction of the frame height. Default 0.2.</summary>
    public double CaptionBoxFraction { get; init; } = 0.2;

    /// <summary>Brand colour of a bar along the top; null for none.</summary>
    public string? BrandBarColor { get; init; }

    /// <summary>Height of the brand bar as a fraction of the frame height. Default 0.08.</summary>
    public double BrandBarFraction { get; init; } = 0.08;

    /// <summary>Watermark text drawn at the top right (inside the brand bar when there is one); null for none.</summary>
    public string? Watermark { get; init; }

    /// <summary>Watermark text colour. Default <c>white@0.7</c>.</summary>
    public string WatermarkTextColor { get; init; } = "white@0.7";

    /// <summary>Watermark text height as a fraction of the frame height. Default 0.05 (fits the default brand bar).</summary>
    public double WatermarkFraction { get; init; } = 0.05;

    [GeneratedRegex(@"^(#|0x)?[A-Za-z0-9]+(@[0-9.]+)?$")]
    private static partial Regex ColorPattern();

    [GeneratedRegex(@"^[A-Za-z0-9/._+-]+$")]
    private static partial Regex SafePathPattern();

    /// <summary>
    /// The filter chain as recorded in provenance: what <see cref="BuildFilter"/> runs, with the text files it reads
    /// shown as <c>&lt;caption text&gt;</c> and <c>&lt;watermark text&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A colour or fraction is not acceptable.</exception>
    public string Describe() => Compose("<caption text>", "<watermark text>");

    /// <summary>
    /// Builds the filter chain. Caption and watermark text go through temporary text files (no escaping of user text
    /// into the filter graph) drawn with <c>expansion=none</c> (no <c>%{…}</c> functions in user text); dispose the
    /// result to delete them.
    /// </summary>
    /// <exception cref="ArgumentException">A colour, fraction or font path is not acceptable.</exception>
    internal OverlayFilter BuildFilter()
    {
        var files = new List<string>();
        try
        {
            string? caption = Caption is null ? null : TextFile(Caption, "caption", files);
            string? watermark = Watermark is null ? null : TextFile(Watermark, "watermark", files);
            return new OverlayFilter(Compose(caption, watermark), files);
        }
        catch
        {
            new OverlayFilter("", files).Dispose();
            throw;
        }
    }

    private string Compose(string? captionFile, string? watermarkFile)
    {
        var parts = new List<string>();
        if (BrandBarColor is not null)
        {
            parts.Add($"drawbox=x=0:y=0:w=iw:h=ih*{Fraction(BrandBarFraction)}:color={Color(BrandBarColor)}:t=fill");
        }

        string font = FontFile is null ? string.Empty : $":fontfile={SafePath(FontFile)}";
        if (Caption is not null)
        {
            string boxFraction = Fraction(CaptionBoxFraction);
            parts.Add($"drawbox=x=0:y=ih*(1-{boxFraction}):w=iw:h=ih*{boxFraction}:color={Color(CaptionBoxColor)}:t=fill");
            parts.Add($"drawtext=textfile={captionFile}{font}:expansion=none:fontcolor={Color(CaptionTextColor)}"
                + $":fontsize=h*{boxFraction}*0.5:x=(w-text_w)/2:y=h*(1-{boxFraction}/2)-text_h/2");
        }

        if (Watermark is not null)
        {
            // Vertically centred in the brand bar's band (drawn or not), a bar's height in from the right edge.
            string size = Fraction(WatermarkFraction), band = Fraction(BrandBarFraction);
            parts.Add($"drawtext=textfile={watermarkFile}{font}:expansion=none:fontcolor={Color(WatermarkTextColor)}"
                + $":fontsize=h*{size}:x=w-text_w-h*{band}:y=(h*{band}-text_h)/2");
        }

        return string.Join(',', parts);
    }

    private static string TextFile(string text, string kind, List<string> files)
    {
        string path = Path.Combine(Path.GetTempPath(), $"videogen-{kind}-{Guid.NewGuid():N}.txt");
        files.Add(path);
        // One line: a line break or other control character would draw outside the caption box / brand band.
        File.WriteAllText(path, string.Concat(text.Select(ch => char.IsControl(ch) ? ' ' : ch)));
        return SafePath(path);
    }

    private static string Fraction(double value) =>
        value is > 0 and <= 1
            ? value.ToString("0.####", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Overlay fractions must be in (0, 1].");

    private static string Color(string value) =>
        ColorPattern().IsMatch(value) ? value : throw new ArgumentException($"'{value}' is not an ffmpeg colour.", nameof(value));

    private static string SafePath(string value) =>
        SafePathPattern().IsMatch(value)
            ? value
            : throw new ArgumentException($"Path '{value}' has characters ffmpeg's filter syntax would need escaped.", nameof(value));
}

/// <summary>A built overlay filter chain and the temporary caption file it reads.</summary>
internal sealed class OverlayFilter(string filter, IReadOnlyList<string> textFiles) : IDisposable
{
    public string Filter => filter;

    public bool IsEmpty => filter.Length == 0;

    public void Dispose()
    {
        foreach (string file in textFiles)
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }
}
