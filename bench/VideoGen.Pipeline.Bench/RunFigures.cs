using System.Globalization;
using System.Text.Json.Nodes;

namespace VideoGen.Pipeline.Bench;

/// <summary>Turns what the run reported into the §8 figures; says n/a, with the reason, for whatever it did not report.</summary>
internal static class RunFigures
{
    private static readonly IReadOnlySet<string> PublishedOutcomes =
        new HashSet<string>(["published", "publish", "done"], StringComparer.OrdinalIgnoreCase);

    public static void TimeToPreview(RunTimeline run)
    {
        const string name = "time_to_preview_s";
        if (run.ReportedTimeToPreviewSeconds is { } reported)
        {
            Report.Figure(name, reported, "s");
            Report.Explain(name, $"customStatus.timeToPreviewSeconds as the run reported it (upload → preview); the bench's own wall time to a post-preview stage was {Seconds(run.PreviewStageSeconds)}");
        }
        else if (run.PreviewStageSeconds is { } wall)
        {
            Report.Figure(name, wall, "s");
            Report.Explain(name, $"the run reported no timeToPreviewSeconds: wall time from submit until the stage first was one of {string.Join("/", RunObserver.PreviewReadyStages)} (±1 poll)");
        }
        else
        {
            Report.NotAvailable(name, "s", $"the run never reported timeToPreviewSeconds nor reached a post-preview stage (stages seen: {Stages(run)})");
        }
    }

    /// <summary>time_to_publish_s, overhead_share_pct and cost_per_rendered_second, from a Completed run.</summary>
    public static void Completed(RunTimeline run)
    {
        string? outcome = Json.Text(Json.Property(run.Output, "outcome"));
        bool published = outcome is null || PublishedOutcomes.Contains(outcome);
        if (published)
        {
            Report.Figure("time_to_publish_s", run.WallSeconds, "s");
            Report.Explain("time_to_publish_s", $"wall time from POST /api/briefs until the status first read Completed (±1 poll); stages seen: {Stages(run)}");
        }
        else
        {
            Report.NotAvailable("time_to_publish_s", "s",
                $"the run Completed after {run.WallSeconds:0.0} s with outcome '{outcome}', not a publication (stages seen: {Stages(run)})");
        }

        OverheadShare(run);
        CostPerRenderedSecond(run);
    }

    /// <summary>The preview frames and size the baseline encodes, from the output when it says, else from the brief and settings.</summary>
    public static (long Frames, int Width, int Height, int Fps, string Source) BaselineShape(RunTimeline? run, BriefUpload brief, BenchSettings settings)
    {
        JsonNode? output = run?.Output;
        var sources = new List<string>();
        long frames;
        if (Json.FindWithPath(output, "totalFrames") is { } tf && Json.Number(tf.Value) is { } total)
        {
            frames = (long)total;
            sources.Add($"{frames} frames from {tf.Path}");
        }
        else
        {
            frames = (long)Math.Round(brief.DurationSeconds * brief.Fps);
            sources.Add($"{frames} frames = brief durationSeconds {brief.DurationSeconds.ToString(CultureInfo.InvariantCulture)} × fps {brief.Fps}");
        }

        (int width, int height) = settings.PreviewSize ?? PreviewSizeFor(brief.AspectRatio);
        if (Json.FindWithPath(output, "previewWidth") is { } pw && Json.Number(pw.Value) is { } w &&
            Json.FindWithPath(output, "previewHeight") is { } ph && Json.Number(ph.Value) is { } h)
        {
            (width, height) = ((int)w, (int)h);
            sources.Add($"{width}x{height} frames from {pw.Path}/{ph.Path}");
        }
        else
        {
            sources.Add(settings.PreviewSize is null
                ? $"{width}x{height} frames, the pipeline's render size for aspect {brief.AspectRatio} (RenderSizing, mirrored here; the output names no preview size)"
                : $"{width}x{height} frames from --preview-size");
        }

        return (frames, width, height, brief.Fps, string.Join("; ", sources));
    }

    /// <summary>The pipeline's preview render size per aspect ratio (mirrors RenderSizing.For in VideoGen.Pipeline).</summary>
    private static (int Width, int Height) PreviewSizeFor(string aspect) => aspect switch
    {
        "9:16" => (144, 256),
        "1:1" => (192, 192),
        "4:5" => (192, 240),
        _ => (256, 144),
    };

    private static void OverheadShare(RunTimeline run)
    {
        const string name = "overhead_share_pct";
        var gpu = Json.FindWithPath(run.Output, "gpuSeconds");
        var encode = Json.FindWithPath(run.Output, "encodeSeconds");
        double? gpuSeconds = gpu is { } g ? Json.Number(g.Value) : null;
        double? encodeSeconds = encode is { } e ? Json.Number(e.Value) : null;
        if (gpuSeconds is null || encodeSeconds is null)
        {
            string missing = string.Join(" and ", new[] { gpuSeconds is null ? "gpuSeconds" : null, encodeSeconds is null ? "encodeSeconds" : null }.OfType<string>());
            Report.NotAvailable(name, "%", $"the run's output has no numeric {missing}, so inference and encode time are unknown; output fields: {Fields(run.Output)}");
            return;
        }

        double share = 100 * (run.WallSeconds - gpuSeconds.Value - encodeSeconds.Value) / run.WallSeconds;
        Report.Figure(name, share, "%");
        Report.Explain(name, $"100 × (wall {run.WallSeconds:0.00} s − device {gpuSeconds:0.00} s [{gpu!.Value.Path}] − encode {encodeSeconds:0.00} s [{encode!.Value.Path}]) ÷ wall" +
            (share < 0 ? "; negative: device and encode time overlapped (parallel jobs), so the sum exceeds the wall" : ""));
    }

    private static void CostPerRenderedSecond(RunTimeline run)
    {
        const string name = "cost_per_rendered_second";
        var cost = Json.FindWithPath(run.Output, "cost");
        var per = cost is { } c ? Json.FindWithPath(c.Value, "perRenderedSecond", c.Path) : null;
        if (per is not { } p || Json.Number(p.Value) is not { } value)
        {
            Report.NotAvailable(name, "per-s", $"the run's output has no numeric cost.perRenderedSecond; output fields: {Fields(run.Output)}");
            return;
        }

        JsonNode? costNode = cost!.Value.Value;
        string currency = Json.Text(Json.Property(costNode, "currency")) ?? "?";
        Report.Figure(name, value, $"{currency}/s", "0.######");
        Report.Explain(name, $"{p.Path} as the run's ledger accounted it: {Json.Compact(costNode)}");
        Report.Explain(name, $"prices set for this run (VideoGen:Prices): {PipelineServices.BenchPrices.Describe()}");
        JsonNode? byKind = Json.Property(costNode, "byKind");
        if (Json.Number(Json.Property(byKind, "EncodeSeconds")) is { } encodeCost && Json.Number(Json.Find(run.Output, "encodeSeconds")) is { } encodeSeconds && encodeSeconds > 0)
        {
            Report.Explain(name, $"check: encode cost ÷ encodeSeconds = {(encodeCost / encodeSeconds).ToString("0.#######", CultureInfo.InvariantCulture)} per second (price {PipelineServices.BenchPrices.EncodeSecond.ToString(CultureInfo.InvariantCulture)})");
        }

        if (Json.Number(Json.Property(byKind, "GpuSeconds")) is { } gpuCost && Json.Number(Json.Find(run.Output, "gpuSeconds")) is { } gpuSeconds && gpuSeconds > 0)
        {
            Report.Explain(name, $"check: GPU cost ÷ gpuSeconds = {(gpuCost / gpuSeconds).ToString("0.#######", CultureInfo.InvariantCulture)} per device-second (between the batch and interactive prices when both tiers ran)");
        }
    }

    private static string Stages(RunTimeline run) => run.Stages.Count == 0 ? "none" : string.Join(" → ", run.Stages);

    private static string Seconds(double? value) => value is { } v ? $"{v:0.0} s" : "not observed";

    private static string Fields(JsonNode? output) =>
        output is JsonObject o ? (o.Count == 0 ? "(empty object)" : string.Join(", ", o.Select(p => p.Key))) : $"(not an object: {Json.Compact(output, 200)})";
}
