using System.Text.RegularExpressions;
using VideoGen.Contracts.Gpu;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Settings of the generation activities (<see cref="PrepareAssets"/>, <see cref="SubmitChunkJob"/>, <see cref="AssembleClip"/>).</summary>
public sealed partial class GenerationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Generation";

    /// <summary>
    /// Prefix put in front of the GPU job queue names (<c>{prefix}gpu-jobs-interactive</c> …); must equal the GPU
    /// worker's <c>GpuWorker:QueueNamePrefix</c>. Lowercase letters, digits and hyphens, up to 30. Default empty.
    /// </summary>
    public string QueueNamePrefix { get; set; } = string.Empty;

    /// <summary>
    /// Container of the runs' working area (<c>{tenant}/{briefId}/{runHash}/…</c>): prepared inputs, chunk frames,
    /// encoded clips. The GPU worker reads and writes it too. Default <c>work</c>.
    /// </summary>
    public string WorkContainer { get; set; } = "work";

    /// <summary>Manifest name of the motion model the jobs ask for. Default <c>motion-reference</c> (the reference stand-in).</summary>
    public string MotionModelName { get; set; } = "motion-reference";

    /// <summary>Manifest version of the motion model. Default <c>1.0.0</c>.</summary>
    public string MotionModelVersion { get; set; } = "1.0.0";

    /// <summary>Longest side of the normalized product photo, pixels (64–2048). Default 512.</summary>
    public int MaxProductSide { get; set; } = 512;

    /// <summary>Width of the JPEG thumbnail of the product photo, pixels (16–1024; never wider than the photo). Default 256.</summary>
    public int ProductThumbnailWidth { get; set; } = 256;

    /// <summary>JPEG frames sampled across each clip for frame-level content safety (3–5). Default 4.</summary>
    public int SampleFrames { get; set; } = 4;

    /// <summary>Product fidelity is measured on every n-th frame (1–100). Default 4.</summary>
    public int FidelityStride { get; set; } = 4;

    /// <summary>The name of a GPU queue with <see cref="QueueNamePrefix"/> applied.</summary>
    public string QueueName(string baseName) => QueueNamePrefix + baseName;

    /// <summary>Returns the problems with these settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add($"{SectionName}:{problem}");
            }
        }

        Check(GpuQueues.IsValidPrefix(QueueNamePrefix),
            $"{nameof(QueueNamePrefix)} '{QueueNamePrefix}' must be up to 30 lowercase letters, digits and hyphens, starting with a letter or digit.");
        Check(WorkContainer is { Length: >= 3 and <= 63 } && ContainerPattern().IsMatch(WorkContainer) && !WorkContainer.Contains("--", StringComparison.Ordinal),
            $"{nameof(WorkContainer)} '{WorkContainer}' is not a valid container name.");
        Check(!string.IsNullOrWhiteSpace(MotionModelName) && !string.IsNullOrWhiteSpace(MotionModelVersion), "the motion model name and version are required.");
        Check(MaxProductSide is >= 64 and <= 2048, $"{nameof(MaxProductSide)} must be 64–2048 (was {MaxProductSide}).");
        Check(ProductThumbnailWidth is >= 16 and <= 1024, $"{nameof(ProductThumbnailWidth)} must be 16–1024 (was {ProductThumbnailWidth}).");
        Check(SampleFrames is >= 3 and <= 5, $"{nameof(SampleFrames)} must be 3–5 (was {SampleFrames}).");
        Check(FidelityStride is >= 1 and <= 100, $"{nameof(FidelityStride)} must be 1–100 (was {FidelityStride}).");
        return problems;
    }


    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ContainerPattern();
}
