using System.Text.Json;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Approvals;

/// <summary>
/// Whether a run is waiting for a reviewer, read from its custom status (stage <c>approve</c> and the open round),
/// with the page's context: the title, and preview/thumbnail URLs served by <see cref="ApprovalEndpoints"/> for the
/// token being shown (the token authorises viewing, not deciding).
/// </summary>
public sealed class InstanceApprovalState(DurableTaskClient client, string token, Uri baseUri) : IApprovalStateSource
{
    /// <inheritdoc />
    public async Task<AwaitingApproval?> FindAwaitingAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken)
    {
        RunStatus? status = await ReadAsync(client, instanceId, cancellationToken).ConfigureAwait(false);
        if (status is not { Stage: RunStages.Approve, ApprovalRound: { } round } || !instanceId.StartsWith(WorkflowNames.TenantPrefix(tenant), StringComparison.Ordinal))
        {
            return null;
        }

        string q = "?token=" + Uri.EscapeDataString(token);
        var context = new ApprovalContext(status.Title ?? instanceId, new Uri(baseUri, ApprovalEndpoints.PreviewPath + q), new Uri(baseUri, ApprovalEndpoints.ThumbnailPath + q),
            [status.Message]);
        return new AwaitingApproval(round, context);
    }

    /// <summary>The run's custom status as a <see cref="RunStatus"/>, or null if it has none or is not a run.</summary>
    public static async Task<RunStatus?> ReadAsync(DurableTaskClient client, string instanceId, CancellationToken ct)
    {
        OrchestrationMetadata? m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false);
        if (m?.SerializedCustomStatus is not { } json)
        {
            return null;
        }

        try
        {
            return m.ReadCustomStatusAs<RunStatus>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
