using System.Diagnostics;
using System.Text.Json.Nodes;

namespace VideoGen.Pipeline.Bench;

/// <summary>What the bench saw of one run, timed from just before <c>POST /api/briefs</c>.</summary>
/// <param name="InstanceId">The run.</param>
/// <param name="RuntimeStatus">The terminal runtime status (Completed, Failed, Terminated…).</param>
/// <param name="WallSeconds">Submit → the first poll that saw the terminal status.</param>
/// <param name="PreviewStageSeconds">Submit → the first poll whose stage was one of <see cref="RunObserver.PreviewReadyStages"/>; null if never.</param>
/// <param name="ReportedTimeToPreviewSeconds">The last <c>customStatus.timeToPreviewSeconds</c> seen; null if never.</param>
/// <param name="Stages">The stages seen, in order, each once.</param>
/// <param name="Output">The run's <c>output</c> (on failure, its failure message).</param>
/// <param name="LastCustomStatus">The last custom status seen.</param>
internal sealed record RunTimeline(
    string InstanceId,
    string RuntimeStatus,
    double WallSeconds,
    double? PreviewStageSeconds,
    double? ReportedTimeToPreviewSeconds,
    IReadOnlyList<string> Stages,
    JsonNode? Output,
    JsonNode? LastCustomStatus);

/// <summary>Submits the brief and polls the run until it is terminal, noting each change of stage.</summary>
internal static class RunObserver
{
    /// <summary>Stages that come after the preview exists (DESIGN §3 steps 8–11).</summary>
    public static readonly IReadOnlySet<string> PreviewReadyStages =
        new HashSet<string>(["check", "approve", "render-final", "publish", "done"], StringComparer.OrdinalIgnoreCase);

    private static readonly IReadOnlySet<string> Terminal =
        new HashSet<string>(["Completed", "Failed", "Terminated", "Canceled"], StringComparer.OrdinalIgnoreCase);

    public static async Task<RunTimeline> RunAsync(
        FunctionAppClient api, BenchSettings settings, BriefUpload brief, PipelineServices services, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string id = await api.SubmitAsync(brief.Json, brief.ImagePath, ct).ConfigureAwait(false);
        Report.Note($"submitted {brief.Name}: instance {id} ({clock.Elapsed.TotalMilliseconds:0} ms)");

        var stages = new List<string>();
        double? previewStage = null, reported = null;
        string lastLine = "";
        bool approved = false;
        while (true)
        {
            services.ThrowIfAnyExited($"while run {id} was in stage '{stages.LastOrDefault() ?? "(none)"}'");
            JsonObject? status;
            try
            {
                status = await api.GetStatusAsync(id, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                services.ThrowIfAnyExited($"while run {id} was being polled"); // the likely cause; else the HTTP error itself
                throw;
            }

            double now = clock.Elapsed.TotalSeconds;
            if (status is not null)
            {
                JsonNode? custom = Json.Property(status, "customStatus");
                string runtime = Json.Text(Json.Property(status, "runtimeStatus")) ?? "?";
                string? stage = Json.Text(Json.Property(custom, "stage"));
                reported = Json.Number(Json.Property(custom, "timeToPreviewSeconds")) ?? reported;
                if (stage is not null && (stages.Count == 0 || stages[^1] != stage))
                {
                    stages.Add(stage);
                }

                if (stage is not null && previewStage is null && PreviewReadyStages.Contains(stage))
                {
                    previewStage = now;
                }

                string line = $"{runtime} stage={stage ?? "-"} percent={Json.Text(Json.Property(custom, "percent")) ?? "-"} " +
                              $"costSoFar={Json.Text(Json.Property(custom, "costSoFar")) ?? "-"} message={Json.Text(Json.Property(custom, "message")) ?? "-"}";
                if (line != lastLine)
                {
                    Report.Note($"t={now:0.0}s {line}");
                    lastLine = line;
                }

                if (Terminal.Contains(runtime))
                {
                    return new RunTimeline(id, runtime, now, previewStage, reported, stages, Json.Property(status, "output"), custom);
                }

                if (settings.Approve && !approved && string.Equals(stage, "approve", StringComparison.OrdinalIgnoreCase))
                {
                    approved = true;
                    if (Json.Text(Json.Property(custom, "approvalRound")) is { } round)
                    {
                        await api.RaiseEventAsync(id, "ApprovalDecision", ApprovalPayload(round), ct).ConfigureAwait(false);
                        Report.Note($"t={clock.Elapsed.TotalSeconds:0.0}s --approve: raised ApprovalDecision (Approve, round {round}) on {id}");
                    }
                    else
                    {
                        Report.Note($"t={now:0.0}s --approve: the status names no approvalRound, so no decision can match it; the run keeps waiting");
                    }
                }
            }
            else if (now > 30)
            {
                throw new BenchFailure($"Instance {id} was still not found 30 s after POST /api/briefs accepted it.");
            }

            await Task.Delay(settings.PollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The <c>ApprovalDecision</c> payload (the pipeline's record, web JSON): approve, in the open round (others are ignored).</summary>
    private static JsonObject ApprovalPayload(string round) => new()
    {
        ["approver"] = "bench@videogen.invalid",
        ["decision"] = "Approve",
        ["feedback"] = null,
        ["rerenderChunks"] = null,
        ["decidedAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["round"] = round,
    };
}
