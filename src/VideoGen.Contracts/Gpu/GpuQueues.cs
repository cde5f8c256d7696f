namespace VideoGen.Contracts.Gpu;

/// <summary>
/// Names of the queues between the function app and the GPU worker pool (DESIGN §5). Messages are UTF-8 JSON
/// serialized with <see cref="GpuJson.Options"/>, sent as plain text (no base64 envelope).
/// </summary>
public static class GpuQueues
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
}
