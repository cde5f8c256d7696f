using System.Diagnostics;
using System.Text;
using FFMpegCore;

namespace VideoGen.Media;

/// <summary>
/// One ffmpeg or ffprobe process (the binaries FFMpegCore is configured with) started with
/// <see cref="ProcessStartInfo.ArgumentList"/>: standard input is a pipe the caller writes, standard output is
/// collected, standard error is kept for the failure message. Disposing kills the process if it is still running.
/// <see cref="RunFfmpegAsync"/> and <see cref="RunFfprobeAsync"/> run one to the end with no input.
/// </summary>
public sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly string _program;
    private readonly string _what;

    private FfmpegProcess(Process process, string program, string what)
    {
        _process = process;
        _program = program;
        _what = what;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The process's standard input; close it to signal the end of the input.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Starts ffmpeg; <paramref name="what"/> says what for, in failure messages ("encoding x.mp4").</summary>
    /// <exception cref="MediaProcessingException">ffmpeg cannot be started.</exception>
    public static FfmpegProcess StartFfmpeg(IEnumerable<string> arguments, string what) =>
        Start(GlobalFFOptions.GetFFMpegBinaryPath(), arguments, what);

    /// <summary>Starts ffprobe; <paramref name="what"/> says what for, in failure messages.</summary>
    /// <exception cref="MediaProcessingException">ffprobe cannot be started.</exception>
    public static FfmpegProcess StartFfprobe(IEnumerable<string> arguments, string what) =>
        Start(GlobalFFOptions.GetFFProbeBinaryPath(), arguments, what);

    /// <summary>Runs ffmpeg with no input to the end and returns its standard output.</summary>
    /// <exception cref="MediaProcessingException">ffmpeg cannot be started or exited with a non-zero code.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process is killed.</exception>
    public static async Task<string> RunFfmpegAsync(IEnumerable<string> arguments, string what, CancellationToken cancellationToken)
    {
        using var process = StartFfmpeg(arguments, what);
        return await process.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs ffprobe with no input to the end and returns its standard output.</summary>
    /// <exception cref="MediaProcessingException">ffprobe cannot be started or exited with a non-zero code.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process is killed.</exception>
    public static async Task<string> RunFfprobeAsync(IEnumerable<string> arguments, string what, CancellationToken cancellationToken)
    {
        using var process = StartFfprobe(arguments, what);
        return await process.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static FfmpegProcess Start(string program, IEnumerable<string> arguments, string what)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return new FfmpegProcess(Process.Start(start) ?? throw new MediaProcessingException($"{program} did not start while {what}."), Path.GetFileName(program), what);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new MediaProcessingException($"{program} cannot be started while {what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Closes standard input (if still open), waits for the exit and returns standard output.
    /// </summary>
    /// <exception cref="MediaProcessingException">The process exited with a non-zero code.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process is killed.</exception>
    public async Task<string> CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CloseInputAsync().ConfigureAwait(false);
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        string stdout = await _stdout.ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            throw Failure(await _stderr.ConfigureAwait(false));
        }

        return stdout;
    }

    /// <summary>
    /// The exception to throw when writing to standard input failed: the process most likely exited early, so its
    /// exit code and standard error explain why.
    /// </summary>
    internal async Task<MediaProcessingException> WriteFailureAsync(Exception writeError)
    {
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        string stderr = await _stderr.ConfigureAwait(false);
        return new MediaProcessingException($"{Failure(stderr).Message} (writing its input failed: {writeError.Message})", writeError);
    }

    /// <summary>Kills the process if it is still running and frees it.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task CloseInputAsync()
    {
        try
        {
            await Input.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The process has already closed its end; its exit code tells what happened.
        }
    }

    private MediaProcessingException Failure(string stderr)
    {
        IEnumerable<string> tail = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5);
        string code = _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
        return new MediaProcessingException($"{_program} failed while {_what} (exit code {code}): {string.Join(" | ", tail)}");
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
