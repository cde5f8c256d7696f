using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Triggers;

namespace VideoGen.LocalHost.Local;

/// <summary>
/// Local mode's stand-in for Event Grid: lists <c>cms-uploads</c> every <see cref="FunctionAppOptions.WatchInterval"/>
/// and, for every <c>brief.json</c> version (name + ETag) it has not seen, invokes <c>OnBriefUploaded</c> with the
/// blob's URL and ETag, as the Event-Grid-sourced blob trigger does in Azure. Versions seen
/// before a restart are offered again; ingestion is idempotent, so they start nothing new.
/// </summary>
public sealed partial class UploadWatcher(
    BlobServiceClient blobs,
    OnBriefUploadedFunction handler,
    DurableTaskClient client,
    IOptions<FunctionAppOptions> options,
    ILogger<UploadWatcher> logger) : BackgroundService
{
    private readonly HashSet<(string Name, string ETag)> _seen = [];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        BlobContainerClient container = blobs.GetBlobContainerClient(BlobLayout.CmsUploadsContainer);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                await foreach (BlobItem item in container.GetBlobsAsync(cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    if (!item.Name.EndsWith("/" + BlobLayout.BriefFileName, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string etag = item.Properties.ETag?.ToString().Trim('"') ?? "";
                    if (_seen.Contains((item.Name, etag)))
                    {
                        continue;
                    }

                    await handler.HandleAsync(container.GetBlobClient(item.Name).Uri, etag, client, stoppingToken).ConfigureAwait(false);
                    _seen.Add((item.Name, etag));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.WatchFailed(logger, ex.GetType().Name, ex.Message); // retried on the next round
            }

            try
            {
                await Task.Delay(options.Value.WatchInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }


    private static partial class Log
    {
        [LoggerMessage(140, LogLevel.Warning, "Watching cms-uploads failed: {ErrorType}: {Error}; retrying")]
        public static partial void WatchFailed(ILogger logger, string errorType, string error);
    }
}
