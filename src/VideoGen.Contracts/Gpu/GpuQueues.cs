using System.Text.RegularExpressions;

namespace VideoGen.Contracts.Gpu;

/// <summary>
/// Names of the queues between the function app and the GPU worker pool (DESIGN §5). Messages are UTF-8 JSON
/// serialized with <see cref="GpuJson.Options"/>, sent as plain text (no base64 envelope).
/// </summary>
public static partial class GpuQueues
{
    /// <summary>Jobs of the interactive tier (previews); workers drain it before <see cref="Batch"/>.</summary>
    public const string Interactive = "gpu-jobs-interactive";

    /// <summary>Jobs of the batch tier (final renders).</summary>
    public const string Batch = "gpu-jobs-batch";

    /// <summary>Where workers post one <see cref="GpuJobResult"/> per finished or failed job.</summary>
    public const string Results = "gpu-results";

    /// <summary>Where workers move job messages they cannot process, wrapped in a <see cref="GpuPoisonMessage"/>.</summary>
    public const string Poison = "gpu-jobs-poison";

    /// <summary>The job queue of <paramref name="tier"/>.</summary>
    public static string ForTier(GpuTier tier) => tier switch
    {
        GpuTier.Interactive => Interactive,
        GpuTier.Batch => Batch,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown GPU tier."),
    };

    /// <summary>
    /// Whether <paramref name="prefix"/> can go in front of every queue name (both sides must use the same one):
    /// empty, or up to 30 lowercase letters, digits and hyphens starting with a letter or digit.
    /// </summary>
    public static bool IsValidPrefix(string prefix) =>
        prefix is not null && (prefix.Length == 0 || (prefix.Length <= 30 && PrefixPattern().IsMatch(prefix)));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex PrefixPattern();
}
