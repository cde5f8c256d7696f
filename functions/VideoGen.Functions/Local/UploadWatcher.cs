using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Invocation;
using VideoGen.Functions.Triggers;

namespace VideoGen.Functions.Local;

/// <summary>
/// Local mode's stand-in for Event Grid: lists <c>cms-uploads</c> every <see cref="FunctionAppOptions.WatchInterval"/>
/// and, for every <c>brief.json</c> version (name + ETag) it has not seen, invokes <c>OnBriefUploaded</c> with a
/// <c>Microsoft.Storage.BlobCreated</c> event in the Event Grid schema, as the Event Grid trigger would. Versions seen
/// before a restart are offered again; ingestion is idempotent, so they start nothing new.
/// </summary>
public sealed partial class UploadWatcher(
    BlobServiceClient blobs,
    FunctionCatalog catalog,
    IOptions<FunctionAppOptions> options,
    ILogger<UploadWatcher> logger) : BackgroundService
{
    private readonly HashSet<(string Name, string ETag)> _seen = [];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        BlobContainerClient container = blobs.GetBlobContainerClient(BlobLayout.CmsUploadsContainer);
        IFunctionHandler handler = catalog.Find(OnBriefUploadedFunction.FunctionName)
            ?? throw new InvalidOperationException("OnBriefUploaded has no handler.");
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

                    await handler.InvokeAsync(Invocation(container.GetBlobClient(item.Name).Uri, item, etag), stoppingToken).ConfigureAwait(false);
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

    /// <summary>The Event Grid trigger invocation for one blob version.</summary>
    public static InvocationRequest Invocation(Uri blobUri, BlobItem item, string etag)
    {
        var e = new
        {
            id = Guid.NewGuid().ToString(),
            topic = "/local/storageAccounts/" + new BlobUriBuilder(blobUri).AccountName,
            subject = $"/blobServices/default/containers/{BlobLayout.CmsUploadsContainer}/blobs/{item.Name}",
            eventType = "Microsoft.Storage.BlobCreated",
            eventTime = DateTimeOffset.UtcNow,
            dataVersion = "",
            metadataVersion = "1",
            data = new
            {
                api = "PutBlob",
                contentType = item.Properties.ContentType,
                contentLength = item.Properties.ContentLength,
                blobType = "BlockBlob",
                url = blobUri.AbsoluteUri,
                eTag = etag,
                sequencer = etag,
            },
        };
        return new InvocationRequest { Data = new() { [OnBriefUploadedFunction.BindingName] = JsonSerializer.SerializeToElement(e) } };
    }

    private static partial class Log
    {
        [LoggerMessage(140, LogLevel.Warning, "Watching cms-uploads failed: {ErrorType}: {Error}; retrying")]
        public static partial void WatchFailed(ILogger logger, string errorType, string error);
    }
}
