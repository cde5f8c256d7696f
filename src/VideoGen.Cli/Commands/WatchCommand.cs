using System.CommandLine;

namespace VideoGen.Cli.Commands;

/// <summary><c>videogen watch &lt;id&gt; [--interval 1s] [--timeout 10m]</c>: follows a run until it ends.</summary>
internal static class WatchCommand
{
    /// <summary>--interval, shared with <c>submit --watch</c>.</summary>
    public static Option<TimeSpan?> IntervalOption() => new("--interval")
    {
        Description = "Time between status polls, e.g. 500ms, 1s, 2m (default: 1s)",
        HelpName = "duration",
        CustomParser = Durations.Parse,
    };

    /// <summary>--timeout, shared with <c>submit --watch</c>.</summary>
    public static Option<TimeSpan?> TimeoutOption() => new("--timeout")
    {
        Description = "Stop watching after this long (exit 6); the run itself goes on",
        HelpName = "duration",
        CustomParser = Durations.Parse,
    };

    public static Command Create(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "Instance id" };
        var interval = IntervalOption();
        var timeout = TimeoutOption();
        var command = new Command("watch", "Show a run's progress until it ends; exit 0 if it Completed, 1 if it Failed or was Terminated")
        {
            id, interval, timeout,
        };
        session.SetAction(command, (parse, ctx, ct) => RunWatcher.WatchAsync(
            ctx, parse.GetRequiredValue(id), parse.GetValue(interval) ?? TimeSpan.FromSeconds(1), parse.GetValue(timeout), justSubmitted: false, ct));
        return command;
    }
}
