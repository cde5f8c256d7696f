using System.Text;
using System.Text.Json.Nodes;

namespace VideoGen.Pipeline.Bench;

/// <summary>
/// The brief the bench submits: brief.json from the folder with its loopback <c>cmsCallback.url</c> pointed at this
/// run's function app (the samples name port 7071, where <c>./run.sh</c> puts it; the bench picks a free port), and
/// the product image it names.
/// </summary>
/// <param name="Name">The brief folder's name.</param>
/// <param name="Json">brief.json as sent.</param>
/// <param name="ImagePath">The product image.</param>
/// <param name="DurationSeconds">Clip length.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="AspectRatio">e.g. <c>16:9</c>.</param>
internal sealed record BriefUpload(string Name, byte[] Json, string ImagePath, double DurationSeconds, int Fps, string AspectRatio)
{
    /// <exception cref="BenchFailure">The folder has no readable brief.json or image (exit 2).</exception>
    public static BriefUpload Load(string folder, Uri functionApp)
    {
        string briefPath = Path.Combine(folder, "brief.json");
        if (!File.Exists(briefPath))
        {
            throw new BenchFailure($"No brief to submit: {briefPath} does not exist.", 2);
        }

        if (JsonNode.Parse(File.ReadAllText(briefPath)) is not JsonObject brief)
        {
            throw new BenchFailure($"{briefPath} is not a JSON object.", 2);
        }

        string image = Bench.Json.Text(Bench.Json.Property(brief, "productImage")) ?? throw new BenchFailure($"{briefPath} names no productImage.", 2);
        string imagePath = Path.Combine(folder, image);
        if (!File.Exists(imagePath))
        {
            throw new BenchFailure($"The product image {imagePath} that {briefPath} names does not exist.", 2);
        }

        double duration = Bench.Json.Number(Bench.Json.Property(brief, "durationSeconds")) ?? throw new BenchFailure($"{briefPath} has no durationSeconds.", 2);
        int fps = (int)(Bench.Json.Number(Bench.Json.Property(brief, "fps")) ?? 24);
        string aspect = Bench.Json.Text(Bench.Json.Property(brief, "aspectRatio")) ?? "16:9";
        if (brief["cmsCallback"] is JsonObject callback && Bench.Json.Text(callback["url"]) is { } url &&
            Uri.TryCreate(url, UriKind.Absolute, out Uri? target) && target.IsLoopback)
        {
            callback["url"] = new Uri(functionApp, target.PathAndQuery).AbsoluteUri;
        }

        return new BriefUpload(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), Encoding.UTF8.GetBytes(brief.ToJsonString()), imagePath, duration, fps, aspect);
    }
}
