using Spectre.Console;
using VideoGen.Cli.Http;
using VideoGen.Cli.Output;

namespace VideoGen.Cli.Commands;

/// <summary>
/// Polls a run until it is terminal. On a terminal it draws a live Spectre progress bar; otherwise it prints a plain line
/// whenever status, stage, percent or chunks change; with --json it prints only the final status.
/// Returns 0 when the run Completed, 1 when it Failed or was Terminated; throws <see cref="WatchTimeoutException"/> on timeout.
/// </summary>
internal static class RunWatcher
{
    /// <summary>How many 404 answers a watch started right after submit tolerates (the status may lag the start).</summary>
    private const int NotFoundGraceAfterSubmit = 10;

    public static async Task<int> WatchAsync(
        CommandContext ctx, string id, TimeSpan interval, TimeSpan? timeout, bool justSubmitted, CancellationToken ct)
    {
        using var timeoutCts = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        if (timeout is { } t)
        {
            timeoutCts.CancelAfter(t);
        }

        InstanceStatus? last = null;
        try
        {
            var final = ctx.Env.OutputIsTerminal && !ctx.Json
                ? await WatchLiveAsync(ctx, id, interval, justSubmitted, s => last = s, linked.Token).ConfigureAwait(false)
                : await WatchPlainAsync(ctx, id, interval, justSubmitted, s => last = s, linked.Token).ConfigureAwait(false);
            return Report(ctx, final);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var where = last is null ? "before its first status" : $"still {last.RuntimeStatus}{(last.Progress.Stage is { } st ? $" at stage {st}" : string.Empty)}";
            throw new WatchTimeoutException(
                $"Stopped watching '{id}' after {timeout!.Value.TotalSeconds:0.###} s, {where}; the run goes on: 'videogen watch {id}' resumes watching.");
        }
    }

    private static async Task<InstanceStatus> WatchPlainAsync(
        CommandContext ctx, string id, TimeSpan interval, bool justSubmitted, Action<InstanceStatus> seen, CancellationToken ct)
    {
        string? lastLine = null;
        return await PollAsync(ctx, id, interval, justSubmitted, status =>
        {
            seen(status);
            var line = StatusView.ProgressLine(status);
            if (!ctx.Json && line != lastLine)
            {
                ctx.Line(line);
                lastLine = line;
            }
        }, ct).ConfigureAwait(false);
    }

    private static Task<InstanceStatus> WatchLiveAsync(
        CommandContext ctx, string id, TimeSpan interval, bool justSubmitted, Action<InstanceStatus> seen, CancellationToken ct) =>
        ctx.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(id), autoStart: true, maxValue: 100);
                var final = await PollAsync(ctx, id, interval, justSubmitted, status =>
                {
                    seen(status);
                    var p = status.Progress;
                    var chunks = p.Chunks is { } c ? $" chunks {c}" : string.Empty;
                    task.Description = Markup.Escape($"{status.RuntimeStatus} {p.Stage ?? string.Empty}{chunks}".Trim());
                    if (p.Percent is { } pct)
                    {
                        task.Value = pct;
                    }
                }, ct).ConfigureAwait(false);
                if (final.IsCompleted)
                {
                    task.Value = 100;
                }

                task.StopTask();
                return final;
            });

    private static async Task<InstanceStatus> PollAsync(
        CommandContext ctx, string id, TimeSpan interval, bool justSubmitted, Action<InstanceStatus> onStatus, CancellationToken ct)
    {
        var notFoundLeft = justSubmitted ? NotFoundGraceAfterSubmit : 0;
        while (true)
        {
            InstanceStatus status;
            try
            {
                status = await ctx.Client.GetStatusAsync(id, showHistory: false, showInput: false, ct).ConfigureAwait(false);
            }
            catch (NotFoundException) when (notFoundLeft-- > 0)
            {
                await Task.Delay(interval, ct).ConfigureAwait(false);
                continue;
            }

            onStatus(status);
            if (status.IsTerminal)
            {
                return status;
            }

            await Task.Delay(interval, ct).ConfigureAwait(false);
        }
    }

    private static int Report(CommandContext ctx, InstanceStatus final)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(final.Raw);
        }
        else
        {
            ctx.Line($"Run {final.InstanceId} {final.RuntimeStatus}.");
            if (final.IsCompleted && final.Output is { } output)
            {
                ctx.Line(output.ValueKind == System.Text.Json.JsonValueKind.String ? Json.Text(output) : Json.Pretty(output));
            }
        }

        if (final.IsCompleted)
        {
            return ExitCodes.Success;
        }

        var reason = final.FailureReason?.Trim().TrimEnd('.');
        ctx.Note($"Run '{final.InstanceId}' {final.RuntimeStatus}: {(string.IsNullOrEmpty(reason) ? "no reason given" : reason)}.");
        return ExitCodes.RunFailed;
    }
}
