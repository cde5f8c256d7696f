using System.Net.Sockets;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Contracts.Gpu;

namespace VideoGen.GpuWorker;

/// <summary>
/// Start-up's wait for storage: creates the four queues and asks the blob service for a container, until both work.
/// Storage that is not reachable yet (connection refused, DNS, time-outs, 408/409/429/5xx) is waited for with
/// exponential back-off and jitter from <see cref="GpuWorkerOptions.StorageWaitMin"/> to
/// <see cref="GpuWorkerOptions.StorageWaitMax"/>, one warning per attempt naming the endpoint and the error, for as long
/// as it takes; stopping the worker ends the wait. Storage that refuses the worker (401/403, or another 4xx) is not
/// waited for: <see cref="StorageUnusableException"/> at once. <see cref="StorageReadiness"/> follows the state.
/// </summary>
/// <remarks>
/// The probes use their own clients for the same connection string with the SDK's retries off and a
/// <see cref="ProbeTimeout"/> per request, so the back-off here alone sets the pace (the worker's clients keep the SDK's
/// retries for jobs).
/// </remarks>
public sealed class StorageStartup
{
    /// <summary>Longest one probe request may take before it counts as a transient failure.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The container the blob probe asks about. It need not exist: "not found" is an answer, and shows the blob service
    /// is reachable and accepts the credentials. Nothing is created.
    /// </summary>
    internal const string ProbeContainer = "videogen-gpu-worker-probe";

    private readonly GpuWorkerOptions _options;
    private readonly StorageReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the start-up wait; reading the options validates them.</summary>
    public StorageStartup(IOptions<GpuWorkerOptions> options, StorageReadiness readiness, TimeProvider time, ILogger<StorageStartup> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _readiness = readiness ?? throw new ArgumentNullException(nameof(readiness));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Waits until the queues exist and the blob service answers. Returns true then (ready), false when
    /// <paramref name="stoppingToken"/> fired first.
    /// </summary>
    /// <exception cref="StorageUnusableException">Storage answered with a refusal that waiting will not change.</exception>
    public async Task<bool> WaitUntilReadyAsync(CancellationToken stoppingToken)
    {
        var queueOptions = new QueueClientOptions();
        queueOptions.Retry.MaxRetries = 0;
        queueOptions.Retry.NetworkTimeout = ProbeTimeout;
        var blobOptions = new BlobClientOptions();
        blobOptions.Retry.MaxRetries = 0;
        blobOptions.Retry.NetworkTimeout = ProbeTimeout;
        var queues = new QueueServiceClient(_options.StorageConnectionString, queueOptions);
        var blobs = new BlobServiceClient(_options.StorageConnectionString, blobOptions);
        var queueNames = new[] { GpuQueues.Interactive, GpuQueues.Batch, GpuQueues.Results, GpuQueues.Poison }.Select(_options.QueueName).ToArray();

        for (var attempt = 1; ; attempt++)
        {
            var (endpoint, error) = await TryOnceAsync(queues, queueNames, blobs, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            if (error is null)
            {
                _readiness.Ready(attempt);
                _logger.StorageReady(attempt, Endpoint(queues.Uri), Endpoint(blobs.Uri));
                return true;
            }
            var described = Describe(error);
            if (!IsTransient(error))
            {
                var failure = $"storage at {endpoint} refused the worker ({described}): {Hint(error)}";
                _readiness.Failed(attempt, failure);
                _logger.StorageUnusable(endpoint, described, Hint(error));
                throw new StorageUnusableException($"The GPU worker cannot use its {failure}", error);
            }
            var delay = Backoff(attempt, _options.StorageWaitMin, _options.StorageWaitMax, Random.Shared.NextDouble());
            _readiness.Waiting(attempt, $"{endpoint}: {described}");
            _logger.StorageNotReady(endpoint, attempt, described, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The wait after failed attempt <paramref name="attempt"/> (1-based): <paramref name="min"/> doubled per attempt,
    /// capped at <paramref name="max"/>, then scaled by a jitter factor of 0.5–1 from <paramref name="random01"/> (0–1)
    /// so that workers started together do not probe in step; never below <paramref name="min"/>.
    /// </summary>
    internal static TimeSpan Backoff(int attempt, TimeSpan min, TimeSpan max, double random01)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(max.Ticks, min.Ticks * Math.Pow(2, doublings));
        var jittered = ceiling * (0.5 + 0.5 * Math.Clamp(random01, 0, 1));
        return TimeSpan.FromTicks((long)Math.Max(min.Ticks, jittered));
    }

    /// <summary>
    /// Whether waiting may help: no answer at all (refused, reset, DNS, time-out) or an answer saying "later"
    /// (408, 409, 429, 5xx). A 4xx refusal (401/403 credentials, 400 bad request …) and anything else (a bug) are not.
    /// </summary>
    internal static bool IsTransient(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        RequestFailedException { Status: 0 } => true,
        RequestFailedException failed => failed.Status is 408 or 409 or 429 or >= 500,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true, // a probe's own time-out; the stop token is checked before this is asked
        _ => false,
    };

    /// <summary>One line about <paramref name="error"/>: the HTTP status and error code, or the first line of the message.</summary>
    internal static string Describe(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[^1]),
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status}{(string.IsNullOrEmpty(failed.ErrorCode) ? "" : " " + failed.ErrorCode)}",
        RequestFailedException failed => FirstLine(failed.Message),
        _ => $"{error.GetType().Name}: {FirstLine(error.Message)}",
    };

    private static string Hint(Exception error) =>
        (error as RequestFailedException ?? (error as AggregateException)?.InnerExceptions.OfType<RequestFailedException>().LastOrDefault())?.Status is 401 or 403
            ? $"the credentials were refused; check the account key or SAS in {GpuWorkerOptions.SectionName}:{nameof(GpuWorkerOptions.StorageConnectionString)} " +
              "(or the identity's Storage Queue/Blob Data Contributor roles and the account's network rules). Not retried."
            : $"waiting will not change this answer; check the endpoints in {GpuWorkerOptions.SectionName}:{nameof(GpuWorkerOptions.StorageConnectionString)}. Not retried.";

    private static async Task<(string Endpoint, Exception? Error)> TryOnceAsync(
        QueueServiceClient queues, string[] queueNames, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var name in queueNames)
            {
                await queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            return (Endpoint(queues.Uri), cancellationToken.IsCancellationRequested ? null : e); // stopping: the caller returns
        }
        try
        {
            await blobs.GetBlobContainerClient(ProbeContainer).ExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return (Endpoint(blobs.Uri), cancellationToken.IsCancellationRequested ? null : e);
        }
        return (Endpoint(blobs.Uri), null);
    }

    /// <summary>The endpoint without its query, so a SAS token never reaches the log.</summary>
    private static string Endpoint(Uri uri) => uri.GetLeftPart(UriPartial.Path);

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}

/// <summary>Storage refused the worker at start-up in a way waiting will not change (credentials, a bad request).</summary>
public sealed class StorageUnusableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageUnusableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StorageUnusableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the storage error.</summary>
    public StorageUnusableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
