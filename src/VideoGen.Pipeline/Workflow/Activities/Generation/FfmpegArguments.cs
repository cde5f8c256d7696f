using System.Globalization;
using VideoGen.Media;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// The ffmpeg argument lists VideoGen.Media runs for each step, rebuilt from the same public settings
/// (<see cref="EncodeProfile"/>, sizes, rates, filters) because Media does not hand back FFMpegCore's argument
/// string. Frames go in as <c>rawvideo rgb24</c> on standard input.
/// </summary>
internal static class FfmpegArguments
{
    public static FfmpegInvocation Upsample(FrameSequence input, int factor) =>
        Filter($"upsample-{factor}x", input, $"scale={input.Width * factor}:{input.Height * factor}:flags=lanczos");

    public static FfmpegInvocation Filter(string step, FrameSequence input, string filter) =>
        new(step, [.. RawInput(input), "-vf", filter, "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);

    public static FfmpegInvocation Encode(EncodeTier tier, FrameSequence input, string output)
    {
        EncodeProfile profile = EncodeProfile.For(tier);
        (int w, int h) = profile.OutputSize(input.Width, input.Height);
        var args = new List<string>(RawInput(input))
        {
            "-c:v", "libx264", "-preset", profile.Preset, "-crf", profile.Crf.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "yuv420p", "-r", Fps(input.Fps), "-movflags", "faststart",
        };
        if (w != input.Width || h != input.Height)
        {
            args.AddRange(["-vf", $"scale={w}:{h}:flags=bicubic"]);
        }

        args.AddRange(["-y", output]);
        return new FfmpegInvocation(tier == EncodeTier.Final ? "encode-final" : "encode-preview", args);
    }

    public static FfmpegInvocation Jpeg(string step, FrameSequence input, int width, int height, string output)
    {
        var args = new List<string>([.. RawInput(input), "-frames:v", "1", "-update", "1"]);
        if (width != input.Width || height != input.Height)
        {
            args.AddRange(["-vf", $"scale={width}:{height}:flags=bicubic"]);
        }

        args.AddRange(["-q:v", "3", "-pix_fmt", "yuvj420p", "-y", output]);
        return new FfmpegInvocation(step, args);
    }

    private static string[] RawInput(FrameSequence input) =>
        ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{input.Width}x{input.Height}", "-r", Fps(input.Fps), "-i", "pipe:0"];

    private static string Fps(double fps) => fps.ToString("0.######", CultureInfo.InvariantCulture);
}
