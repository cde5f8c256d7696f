using VideoGen.Contracts;

namespace VideoGen.Pipeline.Accounting;

/// <summary>What a cost entry measures.</summary>
public enum CostKind
{
    /// <summary>GPU seconds of inference, per chunk and tier.</summary>
    GpuSeconds,

    /// <summary>Seconds of ffmpeg assembly and encoding.</summary>
    EncodeSeconds,

    /// <summary>Bytes stored, for <see cref="CostEntry.Retention"/>.</summary>
    StorageBytes,

    /// <summary>Minutes a person spent reviewing.</summary>
    ReviewMinutes,
}

/// <summary>
/// One measured use of a resource by a step. Its ledger id is <c>{Kind}|{Step}|{Chunk}</c>, so a retried step that
/// records again overwrites its earlier entry instead of counting twice.
/// </summary>
/// <param name="Tenant">The tenant to charge.</param>
/// <param name="InstanceId">The run.</param>
/// <param name="Kind">What is measured.</param>
/// <param name="Step">The step that used it, e.g. <c>render-preview</c>; with <paramref name="Chunk"/> it identifies the entry.</param>
/// <param name="Quantity">Seconds, bytes or minutes as <paramref name="Kind"/> says; finite and not negative.</param>
/// <param name="Chunk">Chunk index, for per-chunk GPU work.</param>
/// <param name="Tier">GPU tier (<c>interactive</c>, <c>batch</c>); required for <see cref="CostKind.GpuSeconds"/>.</param>
/// <param name="Retention">How long the bytes are kept; required for <see cref="CostKind.StorageBytes"/>.</param>
public sealed record CostEntry(
    TenantId Tenant,
    string InstanceId,
    CostKind Kind,
    string Step,
    double Quantity,
    int? Chunk = null,
    string? Tier = null,
    TimeSpan? Retention = null);
