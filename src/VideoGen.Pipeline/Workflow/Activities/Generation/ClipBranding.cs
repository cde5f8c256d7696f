using System.Globalization;
using VideoGen.Media;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// The final tier's captions and branding, burnt in with <see cref="FrameFilters.ApplyOverlayAsync"/>: a brand bar in
/// <see cref="Brand.PrimaryColor"/> along the top of every frame, and each timed caption over the frames
/// <c>[round(start · fps), round(end · fps))</c>, and <see cref="Brand.WatermarkText"/> at the top right of every frame.
/// The provenance steps record the filters as run (<see cref="VideoOverlay.Describe"/>), with the user's text shown as
/// <c>&lt;caption text&gt;</c> and <c>&lt;watermark text&gt;</c>.
/// </summary>
internal static class ClipBranding
{
    /// <summary>The branded frames and the filter steps run (for the provenance record).</summary>
    public static async Task<(FrameSequence Frames, IReadOnlyList<FfmpegInvocation> Steps)> ApplyAsync(
        FrameSequence frames, Brand brand, CancellationToken cancellationToken)
    {
        var steps = new List<FfmpegInvocation>();
        string? bar = brand.PrimaryColor is { } colour && ShotLook.IsColour(colour) ? "0x" + colour[1..].ToLowerInvariant() : null;
        if (bar is not null || brand.WatermarkText is not null)
        {
            var branding = new VideoOverlay { BrandBarColor = bar, Watermark = brand.WatermarkText };
            frames = await FrameFilters.ApplyOverlayAsync(frames, branding, cancellationToken).ConfigureAwait(false);
            steps.Add(FfmpegArguments.Filter("brand", frames, branding.Describe()));
        }

        int n = 0;
        foreach (Caption caption in brand.Captions ?? [])
        {
            int start = Math.Clamp((int)Math.Round(caption.StartSeconds * frames.Fps, MidpointRounding.AwayFromZero), 0, frames.Count);
            int end = Math.Clamp((int)Math.Round(caption.EndSeconds * frames.Fps, MidpointRounding.AwayFromZero), start, frames.Count);
            if (end == start)
            {
                continue;
            }

            var overlay = new VideoOverlay { Caption = caption.Text };
            FrameSequence captioned = await FrameFilters.ApplyOverlayAsync(
                frames.WithFrames([.. frames.Frames.Skip(start).Take(end - start)]), overlay, cancellationToken).ConfigureAwait(false);
            var all = frames.Frames.ToArray();
            for (int f = 0; f < captioned.Count; f++)
            {
                all[start + f] = captioned.Frames[f];
            }

            frames = frames.WithFrames(all);
            steps.Add(FfmpegArguments.Filter(string.Create(CultureInfo.InvariantCulture, $"caption-{n++}-frames-{start}-{end}"), captioned, overlay.Describe()));
        }

        return (frames, steps);
    }
}
