using System.Diagnostics;
using System.Text;
using FFMpegCore;
using VideoGen.Media;

namespace VideoGen.Pipeline.Provenance;

/// <summary>Runs ffmpeg or ffprobe (the binaries FFMpegCore is configured with) with an argument list and captures stdout.</summary>
internal static class FfmpegProcess
{
    public static Task<string> FfmpegAsync(IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken) =>
        RunAsync(GlobalFFOptions.GetFFMpegBinaryPath(), arguments, what, cancellationToken);

    public static Task<string> FfprobeAsync(IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken) =>
        RunAsync(GlobalFFOptions.GetFFProbeBinaryPath(), arguments, what, cancellationToken);

    private static async Task<string> RunAsync(string binary, IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new MediaProcessingException($"Cannot start {Path.GetFileName(binary)} while {what}: {e.Message}", e);
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string output = await stdout.ConfigureAwait(false);
        string errors = (await stderr.ConfigureAwait(false)).Trim();
        return process.ExitCode == 0
            ? output
            : throw new MediaProcessingException(
                $"{Path.GetFileName(binary)} failed while {what} (exit code {process.ExitCode}): {(errors.Length > 500 ? errors[^500..] : errors)}");
    }
}
