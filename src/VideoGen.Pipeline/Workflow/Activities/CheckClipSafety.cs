using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Safety;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// Frame-sampled content safety of a clip through Azure AI Content Safety (the <see cref="SafetyGate"/>, which fails
/// closed to Review when the service cannot answer). Without a configured endpoint the frames are not checked and
/// the result says so (<see cref="ClipSafety.Checked"/> false); the approval rules then send the clip to a person
/// unless <see cref="RunSettings.AllowUncheckedAutoApprove"/> is set for local development.
/// </summary>
public sealed class CheckClipSafety(IServiceProvider services, IOptions<VideoGenIntegrationsOptions> integrations, BlobServiceClient blobs)
    : TaskActivity<ClipArtifact, ClipSafety>
{
    /// <summary>Reason recorded when no Content Safety endpoint is configured.</summary>
    public const string NotConfiguredReason = "content-safety-not-configured";

    /// <inheritdoc />
    public override async Task<ClipSafety> RunAsync(TaskActivityContext context, ClipArtifact input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (integrations.Value.ContentSafety is null)
        {
            return new ClipSafety(SafetyDecision.Pass, false, "not checked (Content Safety is not configured)", new Dictionary<string, int>(), [NotConfiguredReason]);
        }

        BlobContainerClient container = blobs.GetBlobContainerClient(input.Container);
        var frames = new List<byte[]>(input.SampleFrameBlobs.Count);
        foreach (string blob in input.SampleFrameBlobs)
        {
            frames.Add((await container.GetBlobClient(blob).DownloadContentAsync(CancellationToken.None).ConfigureAwait(false)).Value.Content.ToArray());
        }

        var gate = (SafetyGate)services.GetService(typeof(SafetyGate))!;
        SafetyAssessment a = await gate.AssessFramesAsync(frames, CancellationToken.None).ConfigureAwait(false);
        return new ClipSafety(a.Decision, true, a.Summary, a.MaxSeverities, a.Reasons);
    }
}
