using System.Globalization;
using VideoGen.Testing;

namespace VideoGen.Pipeline.Bench;

/// <summary>Command-line settings. Every default is stated in <see cref="Usage"/> and README.md.</summary>
internal sealed record BenchSettings(
    string BriefFolder,
    string FunctionsDll,
    string WorkerDll,
    TimeSpan Timeout,
    TimeSpan PollInterval,
    bool Review,
    bool Approve,
    (int Width, int Height)? PreviewSize,
    int BaselineRepeats,
    bool Verbose)
{
    /// <summary>The bench never runs longer than this, whatever --timeout says.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(15);

    public const string Usage =
        """
        usage: VideoGen.Pipeline.Bench [--brief <folder>] [--timeout <minutes>] [--poll <ms>] [--review] [--approve]
                                       [--preview-size WxH] [--repeats N] [--functions-dll <path>] [--worker-dll <path>] [--verbose]
          --brief          brief folder to submit (default samples/briefs/launch-16x9)
          --timeout        overall time limit in minutes, at most 15 (default 15)
          --poll           status poll interval in ms (default 250)
          --review         every run goes to human review (VideoGen:Run:AlwaysReview; default off: the sample auto-approves)
          --approve        when the run waits in stage 'approve', raise ApprovalDecision (Approve, the open round) through
                           the API, standing in for the reviewer's click (default off: a run that needs a person waits)
          --preview-size   frame size the baseline encodes when the run's output names none (default: the
                           pipeline's render size for the brief's aspect ratio, 256x144 for 16:9)
          --repeats        ffmpeg baseline encodes, median taken (default 3)
          --functions-dll  default src/VideoGen.LocalHost/bin/Release/net10.0/VideoGen.LocalHost.dll
          --worker-dll     default gpu-worker/VideoGen.GpuWorker/bin/Release/net10.0/VideoGen.GpuWorker.dll
          --verbose        echo the children's output to stderr (always kept for failure messages)
        """;

    public static BenchSettings? Parse(string[] args)
    {
        string root = RepoRoot.Path;
        var s = new BenchSettings(
            Path.Combine(root, "samples", "briefs", "launch-16x9"),
            Path.Combine(root, "src", "VideoGen.LocalHost", "bin", "Release", "net10.0", "VideoGen.LocalHost.dll"),
            Path.Combine(root, "gpu-worker", "VideoGen.GpuWorker", "bin", "Release", "net10.0", "VideoGen.GpuWorker.dll"),
            MaxTimeout,
            TimeSpan.FromMilliseconds(250),
            Review: false,
            Approve: false,
            PreviewSize: null,
            3,
            Verbose: false);
        for (var i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            string Text() => value ?? throw new FormatException(args[i]);
            int Int() => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException(args[i]);
            try
            {
                switch (args[i])
                {
                    case "--brief": s = s with { BriefFolder = Path.GetFullPath(Text()) }; break;
                    case "--functions-dll": s = s with { FunctionsDll = Path.GetFullPath(Text()) }; break;
                    case "--worker-dll": s = s with { WorkerDll = Path.GetFullPath(Text()) }; break;
                    case "--timeout": s = s with { Timeout = TimeSpan.FromMinutes(Math.Min(Int(), MaxTimeout.TotalMinutes)) }; break;
                    case "--poll": s = s with { PollInterval = TimeSpan.FromMilliseconds(Int()) }; break;
                    case "--repeats": s = s with { BaselineRepeats = Int() }; break;
                    case "--preview-size":
                        string[] parts = Text().Split('x');
                        s = s with { PreviewSize = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)) };
                        break;
                    case "--approve": s = s with { Approve = true }; i--; break;
                    case "--review": s = s with { Review = true }; i--; break;
                    case "--verbose": s = s with { Verbose = true }; i--; break;
                    default: return null;
                }
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
            {
                return null;
            }

            i++;
        }

        return s.PreviewSize is not { } size || (size.Width is > 1 and <= 8192 && size.Height is > 1 and <= 8192) ? s : null;
    }

    public override string ToString() =>
        $"brief {BriefFolder}, timeout {Timeout.TotalMinutes:0} min, poll {PollInterval.TotalMilliseconds:0} ms, review {(Review ? "always" : "by rules")}, approve {(Approve ? "on" : "off")}";
}

/// <summary>An expected way for the bench to stop: one sentence for the user, and the exit code.</summary>
internal sealed class BenchFailure(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
