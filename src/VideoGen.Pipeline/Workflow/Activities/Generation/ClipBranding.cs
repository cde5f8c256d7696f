using System.Globalization;
using VideoGen.Media;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// The final tier's captions and branding, burnt in with <see cref="FrameFilters.ApplyOverlayAsync"/>: a brand bar in
/// <see cref="Brand.PrimaryColor"/> along the top of every frame, and each timed caption over the frames
/// <c>[round(start · fps), round(end · fps))</c>. The watermark text is not drawn: <see cref="VideoOverlay"/> has no
/// element for it (see the generation README).
/// </summary>
internal static class ClipBranding
{
    /// <summary>The branded frames and the filter steps run (for the provenance record).</summary>
    public static async Task<(FrameSequence Frames, IReadOnlyList<FfmpegInvocation> Steps)> ApplyAsync(
        FrameSequence frames, Brand brand, CancellationToken cancellationToken)
    {
        var steps = new List<FfmpegInvocation>();
        if (brand.PrimaryColor is { } colour && ShotLook.IsColour(colour))
        {
            var bar = new VideoOverlay { BrandBarColor = "0x" + colour[1..].ToLowerInvariant() };
            frames = await FrameFilters.ApplyOverlayAsync(frames, bar, cancellationToken).ConfigureAwait(false);
            steps.Add(FfmpegArguments.Filter("brand-bar", frames, $"drawbox=x=0:y=0:w=iw:h=ih*{bar.BrandBarFraction.ToString(CultureInfo.InvariantCulture)}:color={bar.BrandBarColor}:t=fill"));
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
            steps.Add(FfmpegArguments.Filter(string.Create(CultureInfo.InvariantCulture, $"caption-{n++}-frames-{start}-{end}"), captioned,
                $"drawbox=x=0:y=ih*(1-{overlay.CaptionBoxFraction.ToString(CultureInfo.InvariantCulture)}):w=iw:h=ih*{overlay.CaptionBoxFraction.ToString(CultureInfo.InvariantCulture)}:color={overlay.CaptionBoxColor}:t=fill,drawtext=textfile=<caption text>:fontcolor={overlay.CaptionTextColor}"));
        }

        return (frames, steps);
    }
}
