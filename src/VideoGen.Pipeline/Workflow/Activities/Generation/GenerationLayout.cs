using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VideoGen.Contracts;
using VideoGen.Contracts.Gpu;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// Blob names of a run's working area and ids of its GPU jobs. Everything is a pure function of the run, tier,
/// version, chunk and attempt, so a retried activity overwrites what its first try wrote and a retried chunk job
/// resumes from the worker's checkpoint under the same output prefix.
/// <code>
/// {tenant}/{briefId}/{runHash}/product/product.rgba | product.mask | thumbnail.jpg
/// {tenant}/{briefId}/{runHash}/{tier}/v{n}/chunk-{i:D3}/index.json, frames-*.rgb   (written by the GPU worker)
/// {tenant}/{briefId}/{runHash}/{tier}/v{n}/video.mp4 | thumbnail.jpg | frames/frame-{f:D6}.jpg
/// </code>
/// </summary>
public static class GenerationLayout
{
    /// <summary>
    /// The run-unique part of the prefix: the last ':'-separated segment of the instance id (the upload hash of
    /// <see cref="WorkflowNames.RunInstanceId"/>); when that is not a valid blob segment, 16 hex digits of its SHA-256.
    /// </summary>
    public static string RunHash(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        string last = instanceId[(instanceId.LastIndexOf(':') + 1)..];
        return IsSegment(last) && last.Length <= 40
            ? last
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instanceId)), 0, 8);
    }

    /// <summary>The run's working prefix, <c>{tenant}/{briefId}/{runHash}</c> (no trailing '/').</summary>
    /// <exception cref="FormatException">The tenant or brief id is not a blob segment.</exception>
    public static string WorkPrefix(string tenant, string briefId, string instanceId) =>
        $"{BlobLayout.CheckSegment(tenant, nameof(tenant))}/{BlobLayout.CheckSegment(briefId, nameof(briefId))}/{RunHash(instanceId)}";

    /// <summary>The run hash back from a work prefix (its last segment).</summary>
    public static string RunHashOf(string workPrefix) => workPrefix[(workPrefix.LastIndexOf('/') + 1)..];

    /// <summary>Raw RGBA8 product photo.</summary>
    public static string ProductRgba(string workPrefix) => $"{workPrefix}/product/product.rgba";

    /// <summary>Raw 8-bit product mask.</summary>
    public static string ProductMask(string workPrefix) => $"{workPrefix}/product/product.mask";

    /// <summary>JPEG thumbnail of the product photo.</summary>
    public static string ProductThumbnail(string workPrefix) => $"{workPrefix}/product/thumbnail.jpg";

    /// <summary>The tier's name in blob names and job ids: <c>interactive</c> or <c>batch</c> (as on the wire).</summary>
    public static string TierName(GpuTier tier) => tier switch
    {
        GpuTier.Interactive => "interactive",
        GpuTier.Batch => "batch",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown GPU tier."),
    };

    /// <summary>Prefix of one output version of one tier, <c>{work}/{tier}/v{n}</c>.</summary>
    public static string VersionPrefix(string workPrefix, GpuTier tier, int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{workPrefix}/{TierName(tier)}/v{version}");
    }

    /// <summary>Output prefix of a chunk job: the same for every attempt, so a retry resumes from the checkpoint.</summary>
    public static string ChunkOutputPrefix(string workPrefix, GpuTier tier, int version, int chunkIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{VersionPrefix(workPrefix, tier, version)}/chunk-{chunkIndex:D3}");

    /// <summary>Job id of one attempt, <c>{runHash}-{tier}-v{n}-c{i}-a{attempt}</c>: unique per attempt, a valid worker job id.</summary>
    public static string JobId(string runHash, GpuTier tier, int version, int chunkIndex, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return BlobLayout.CheckSegment(
            string.Create(CultureInfo.InvariantCulture, $"{runHash}-{TierName(tier)}-v{version}-c{chunkIndex}-a{attempt}"), "jobId");
    }

    /// <summary>The encoded clip of a tier and version.</summary>
    public static string Video(string workPrefix, GpuTier tier, int version) => $"{VersionPrefix(workPrefix, tier, version)}/video.mp4";

    /// <summary>The clip's thumbnail.</summary>
    public static string Thumbnail(string workPrefix, GpuTier tier, int version) => $"{VersionPrefix(workPrefix, tier, version)}/thumbnail.jpg";

    /// <summary>A frame sampled from the clip, by clip frame index.</summary>
    public static string SampleFrame(string workPrefix, GpuTier tier, int version, int frame) =>
        string.Create(CultureInfo.InvariantCulture, $"{VersionPrefix(workPrefix, tier, version)}/frames/frame-{frame:D6}.jpg");

    private static bool IsSegment(string value)
    {
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
}
