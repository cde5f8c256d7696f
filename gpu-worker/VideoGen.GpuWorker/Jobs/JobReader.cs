using System.Globalization;
using System.Text.Json;
using VideoGen.Contracts;
using VideoGen.Contracts.Gpu;

namespace VideoGen.GpuWorker.Jobs;

/// <summary>Parses and validates a job message; every refusal names the problem.</summary>
internal static class JobReader
{
    /// <summary>Largest frame side the worker accepts.</summary>
    public const int MaxSide = 8192;

    /// <summary>Most frames in one chunk.</summary>
    public const int MaxFrames = 10_000;

    /// <summary>Parses <paramref name="body"/> into a valid job.</summary>
    /// <exception cref="JobRejectedException">The message is not a valid <see cref="GpuJob"/>.</exception>
    public static GpuJob Read(string body)
    {
        GpuJob job;
        try
        {
            job = GpuJson.Deserialize<GpuJob>(body);
        }
        catch (JsonException e)
        {
            throw new JobRejectedException($"The message is not a valid GPU job: {e.Message}", e);
        }
        var problems = Validate(job);
        if (problems.Count > 0)
        {
            throw new JobRejectedException($"Job {job.JobId} is invalid: {string.Join("; ", problems)}");
        }
        return job;
    }

    /// <summary>Reads jobId, instanceId and chunkIndex from whatever JSON the message holds, for the failure result.</summary>
    public static (string? JobId, string? InstanceId, int? ChunkIndex) ReadIds(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }
            var root = document.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            int? chunk = root.TryGetProperty("chunkIndex", out var c) && c.TryGetInt32(out var i) ? i : null;
            return (Text("jobId"), Text("instanceId"), chunk);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>Parses a <c>#rrggbb</c> colour into three values in [0, 1].</summary>
    public static (float R, float G, float B) ParseColour(string colour)
    {
        if (colour is not { Length: 7 } || colour[0] != '#'
            || !int.TryParse(colour.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb))
        {
            throw new FormatException($"colour '{colour}' is not #rrggbb");
        }
        return (((rgb >> 16) & 0xFF) / 255f, ((rgb >> 8) & 0xFF) / 255f, (rgb & 0xFF) / 255f);
    }

    private static List<string> Validate(GpuJob job)
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
        Check(IsSegment(job.JobId), "jobId must be 1–128 letters, digits, '.', '_' or '-'");
        Check(!string.IsNullOrWhiteSpace(job.InstanceId), "instanceId is required");
        Check(job.ChunkIndex >= 0, "chunkIndex must not be negative");
        Check(Enum.IsDefined(job.Tier), "tier is unknown");
        Check(!string.IsNullOrWhiteSpace(job.Model.Name) && !string.IsNullOrWhiteSpace(job.Model.Version), "model name and version are required");
        var chunk = job.Chunk;
        Check(chunk.FrameCount is >= 1 and <= MaxFrames, $"chunk.frameCount must be 1–{MaxFrames}");
        Check(chunk.Width is >= 1 and <= MaxSide && chunk.Height is >= 1 and <= MaxSide, $"chunk width and height must be 1–{MaxSide}");
        Check(chunk.Fps > 0 && double.IsFinite(chunk.Fps), "chunk.fps must be positive");
        Check(chunk.Overlap >= 0 && chunk.Overlap < chunk.FrameCount, "chunk.overlap must be 0 to frameCount − 1");
        Check(chunk.FirstFrameIndex >= 0, "chunk.firstFrameIndex must not be negative");
        Check(chunk.Shot.Palette is { Count: 3 }, "chunk.shot.palette must have exactly 3 colours");
        foreach (var colour in chunk.Shot.Palette ?? [])
        {
            try
            {
                ParseColour(colour);
            }
            catch (FormatException e)
            {
                problems.Add($"chunk.shot.palette: {e.Message}");
            }
        }
        var path = chunk.Shot.CameraPath ?? [];
        Check(path.Count >= 1, "chunk.shot.cameraPath needs at least one keyframe");
        Check(path.Zip(path.Skip(1)).All(p => p.First.Frame < p.Second.Frame), "chunk.shot.cameraPath frames must increase");
        Check(path.All(k => k.Zoom > 0 && double.IsFinite(k.Zoom) && double.IsFinite(k.PanX) && double.IsFinite(k.PanY) && double.IsFinite(k.RotationDegrees)),
            "chunk.shot.cameraPath keyframes need a positive zoom and finite values");
        Check(job.Container is { Length: >= 3 and <= 63 } c && c.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-')
            && c[0] != '-' && c[^1] != '-' && !c.Contains("--", StringComparison.Ordinal),
            "container must be 3–63 lowercase letters, digits and single hyphens");
        Check(IsBlobPath(job.OutputPrefix), "outputPrefix must be '/'-separated segments of letters, digits, '.', '_' or '-'");
        Check(IsBlobPath(job.Inputs.ProductRgba), "inputs.productRgba must be a blob name");
        Check(job.Inputs.ProductMask is null || IsBlobPath(job.Inputs.ProductMask), "inputs.productMask must be a blob name");
        Check(job.Inputs.ProductWidth is >= 1 and <= MaxSide && job.Inputs.ProductHeight is >= 1 and <= MaxSide,
            $"inputs product width and height must be 1–{MaxSide}");
        return problems;
    }

    private static bool IsSegment(string? value)
    {
        if (value is null)
        {
            return false;
        }
        try
        {
            BlobLayout.CheckSegment(value, "segment");
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsBlobPath(string? value) => value is { Length: > 0 and <= 1024 } && value.Split('/').All(IsSegment);
}
