using System.Diagnostics;
using System.Globalization;
using VideoGen.Media;

namespace VideoGen.Pipeline.Bench;

/// <summary>
/// The same-run baseline: a bare ffmpeg encoding <c>frames</c> lavfi <c>testsrc</c> frames of the preview render size
/// with the pipeline's preview encode settings (<see cref="EncodeProfile.Preview"/>: preset, CRF, the ½ bicubic scale;
/// yuv420p, faststart, as VideoEncoder does), to an MP4. No compositing, no overlay, no pipe from .NET.
/// </summary>
internal static class FfmpegBaseline
{
    /// <summary>The ffmpeg arguments of one baseline encode.</summary>
    public static IReadOnlyList<string> Arguments(long frames, int width, int height, int fps, string output)
    {
        EncodeProfile preview = EncodeProfile.Preview;
        (int outWidth, int outHeight) = preview.OutputSize(width, height);
        var arguments = new List<string>
        {
            "-v", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc=size={width}x{height}:rate={fps}"),
            "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", preview.Preset, "-crf", preview.Crf.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "yuv420p", "-r", fps.ToString(CultureInfo.InvariantCulture), "-movflags", "+faststart",
        };
        if (outWidth != width || outHeight != height)
        {
            arguments.AddRange(["-vf", string.Create(CultureInfo.InvariantCulture, $"scale={outWidth}:{outHeight}:flags=bicubic")]);
        }

        arguments.AddRange(["-f", "mp4", output]);
        return arguments;
    }

    /// <summary>Median wall seconds of <paramref name="repeats"/> encodes (after one warm-up that is not counted).</summary>
    public static async Task<double> MedianSecondsAsync(long frames, int width, int height, int fps, int repeats, CancellationToken ct)
    {
        string dir = Directory.CreateTempSubdirectory("videogen-bench-ffmpeg-").FullName;
        try
        {
            string output = Path.Combine(dir, "baseline.mp4");
            await EncodeAsync(Arguments(Math.Min(frames, fps), width, height, fps, output), ct).ConfigureAwait(false);
            var samples = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                samples.Add(await EncodeAsync(Arguments(frames, width, height, fps, output), ct).ConfigureAwait(false));
                Report.Note($"ffmpeg baseline {i + 1}/{repeats}: {frames} frames {width}x{height} in {samples[^1]:0.000} s");
            }

            return Report.Median(samples);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<double> EncodeAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BenchFailure($"Cannot start ffmpeg for the baseline (is it on PATH?): {e.Message}", 2);
        }

        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        double seconds = clock.Elapsed.TotalSeconds;
        await stdout.ConfigureAwait(false);
        string errors = (await stderr.ConfigureAwait(false)).Trim();
        return process.ExitCode == 0
            ? seconds
            : throw new BenchFailure($"The ffmpeg baseline encode failed (exit code {process.ExitCode}): {errors}");
    }
}
