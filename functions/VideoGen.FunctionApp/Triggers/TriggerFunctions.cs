using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using VideoGen.Contracts;
using VideoGen.Contracts.Gpu;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Triggers;

namespace VideoGen.FunctionApp.Triggers;

/// <summary>The storage-triggered functions of <see cref="FunctionTable.Queues"/> and <see cref="FunctionTable.Blobs"/>.</summary>
public sealed class TriggerFunctions(OnBriefUploadedFunction onBriefUploaded, GpuResultsFunction gpuResults)
{
    /// <summary>
    /// A blob created in <c>cms-uploads</c>, delivered by the storage account's Event Grid subscription to the blob
    /// extension's webhook: starts the run for that blob version (its ETag, read from the blob now).
    /// </summary>
    [Function(OnBriefUploadedFunction.FunctionName)]
    public async Task OnBriefUploaded(
        [BlobTrigger(BlobLayout.CmsUploadsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = FunctionAppSetup.StorageSetting)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await onBriefUploaded.HandleAsync(blob.Uri, properties.ETag.ToString(), client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A GPU job's result: raises <c>ChunkRendered</c> on the run it names.</summary>
    [Function(GpuResultsFunction.FunctionName)]
    public Task GpuResults(
        [QueueTrigger(GpuQueues.Results, Connection = FunctionAppSetup.StorageSetting)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        gpuResults.HandleAsync(message, client, cancellationToken);
}
