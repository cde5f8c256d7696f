using System.Net.Sockets;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using VideoGen.Contracts.Gpu;

namespace VideoGen.GpuWorker;

/// <summary>
/// Start-up's wait for storage: creates the four queues and asks the blob service for a container, until both work.
/// Storage that is not reachable yet (connection refused, DNS, time-outs, 408/409/429/5xx) is waited for with
/// exponential back-off and jitter from <see cref="GpuWorkerOptions.StorageWaitMin"/> to
/// <see cref="GpuWorkerOptions.StorageWaitMax"/>, one warning per attempt naming the endpoint and the error, for as long
/// as it takes; stopping the worker ends the wait. Storage that refuses the worker (401/403, or another 4xx) is not
/// waited for: <see cref="StorageUnusableException"/> at once. <see cref="StorageReadiness"/> follows the state.
/// With identity-based settings the token is part of every attempt: an identity endpoint that is not reachable yet
/// (no connection, a time-out, or a 408/429/5xx answer under a <see cref="CredentialUnavailableException"/> or
/// <see cref="AuthenticationFailedException"/>) is waited for like storage; any other credential failure (no managed
/// identity here, an unknown client id) is not.
/// </summary>
/// <remarks>
/// The probes use their own clients from the same <see cref="StorageClientFactory"/> (same endpoints, credential and
/// options) with the SDK's retries off and a <see cref="ProbeTimeout"/> per request, so the back-off here alone sets
/// the pace (the worker's clients keep the SDK's retries for jobs). A token request has its own retries inside
/// Azure.Identity (about 25 s against an endpoint that refuses connections) before an attempt fails.
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
    private readonly StorageClientFactory _clients;
    private readonly StorageReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the start-up wait; reading the options validates them.</summary>
    public StorageStartup(IOptions<GpuWorkerOptions> options, StorageClientFactory clients, StorageReadiness readiness, TimeProvider time, ILogger<StorageStartup> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
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
        var queues = _clients.CreateQueueServiceClient(o =>
        {
            o.Retry.MaxRetries = 0;
            o.Retry.NetworkTimeout = ProbeTimeout;
        });
        var blobs = _clients.CreateBlobServiceClient(o =>
        {
            o.Retry.MaxRetries = 0;
            o.Retry.NetworkTimeout = ProbeTimeout;
        });
        var authentication = _clients.CredentialName ?? "connection string";
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
                _logger.StorageReady(attempt, Endpoint(queues.Uri), Endpoint(blobs.Uri), authentication);
                return true;
            }
            var described = Describe(error);
            var identity = IsCredentialFailure(error);
            if (!IsTransient(error))
            {
                var hint = Hint(error, _clients.UsesIdentity);
                var failure = identity
                    ? $"storage at {endpoint}: {authentication} got no token ({described}): {hint}"
                    : $"storage at {endpoint} refused the worker ({described}): {hint}";
                _readiness.Failed(attempt, failure);
                if (identity)
                {
                    _logger.StorageTokenUnavailable(authentication, endpoint, described, hint);
                }
                else
                {
                    _logger.StorageUnusable(endpoint, described, hint);
                }
                throw new StorageUnusableException($"The GPU worker cannot use its {failure}", error);
            }
            var delay = Backoff(attempt, _options.StorageWaitMin, _options.StorageWaitMax, Random.Shared.NextDouble());
            if (identity)
            {
                _readiness.Waiting(attempt, $"{endpoint}: no token yet from {authentication}: {described}");
                _logger.StorageTokenNotReady(authentication, endpoint, attempt, described, delay.TotalSeconds);
            }
            else
            {
                _readiness.Waiting(attempt, $"{endpoint}: {described}");
                _logger.StorageNotReady(endpoint, attempt, described, delay.TotalSeconds);
            }
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
    /// (408, 409, 429, 5xx) from storage, or a credential that got no token because its identity endpoint is not
    /// reachable yet (<see cref="IdentityEndpointUnreachable"/>). A 4xx refusal from storage (401/403 credentials, 400 bad
    /// request …), any other credential failure and anything else (a bug) are not.
    /// </summary>
    internal static bool IsTransient(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        AuthenticationFailedException credential => IdentityEndpointUnreachable(credential), // includes CredentialUnavailableException
        RequestFailedException { Status: 0 } => true,
        RequestFailedException failed => failed.Status is 408 or 409 or 429 or >= 500,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true, // a probe's own time-out; the stop token is checked before this is asked
        _ => false,
    };

    /// <summary>
    /// Whether a credential's failure comes from its token endpoint (IMDS, the Container Apps / App Service identity
    /// endpoint) not being reachable yet: somewhere among its inner exceptions, a connection that failed or timed out
    /// (<see cref="HttpRequestException"/>, <see cref="SocketException"/>, <see cref="TimeoutException"/>, a cancelled
    /// request, <see cref="RequestFailedException"/> without a status) or an answer saying "later" (408, 429, 5xx,
    /// after Azure.Identity's own retries). "No managed identity here", a refused client id (400/404) or a bad token
    /// response are not.
    /// </summary>
    internal static bool IdentityEndpointUnreachable(Exception error) => Causes(error).Any(cause => cause switch
    {
        HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        MsalServiceException msal => msal.StatusCode is 408 or 429 or >= 500,
        _ => false,
    });

    /// <summary>Whether <paramref name="error"/> is a credential's failure to get a token (not an answer from storage).</summary>
    internal static bool IsCredentialFailure(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCredentialFailure),
        _ => error is AuthenticationFailedException,
    };

    /// <summary>One line about <paramref name="error"/>: the HTTP status and error code, or the first line of the message.</summary>
    internal static string Describe(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[^1]),
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status}{(string.IsNullOrEmpty(failed.ErrorCode) ? "" : " " + failed.ErrorCode)}",
        RequestFailedException failed => FirstLine(failed.Message),
        AuthenticationFailedException credential when RootCause(credential) is { } cause => $"{error.GetType().Name}: {FirstLine(error.Message)} ({cause})",
        _ => $"{error.GetType().Name}: {FirstLine(error.Message)}",
    };

    /// <summary>What to check, by the kind of failure and the form of the settings (connection string or identity).</summary>
    internal static string Hint(Exception error, bool identitySettings)
    {
        var clientId = GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.ClientIdKey);
        if (IsCredentialFailure(error))
        {
            return $"the credential could not get a token for storage; check that the managed identity is assigned to this app and that {clientId} " +
                $"(and AZURE_CLIENT_ID) is its client id, and {GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.CredentialKey)}. Not retried.";
        }
        var status = (error as RequestFailedException ?? (error as AggregateException)?.InnerExceptions.OfType<RequestFailedException>().LastOrDefault())?.Status;
        var connectionString = $"{GpuWorkerOptions.SectionName}:{nameof(GpuWorkerOptions.StorageConnectionString)}";
        var endpoints = $"{GpuWorkerStorageOptions.Key(GpuWorkerStorageOptions.BlobServiceUriKey)}/{GpuWorkerStorageOptions.QueueServiceUriKey}";
        return (status, identitySettings) switch
        {
            (401 or 403, true) => "storage refused the identity's token; check that the identity has the Storage Queue Data Contributor and " +
                $"Storage Blob Data Contributor roles on the account (new role assignments take minutes to apply), that {clientId} names it, " +
                "and the account's network rules. Not retried.",
            (401 or 403, false) => $"the credentials were refused; check the account key or SAS in {connectionString} " +
                "(and the account's network rules). Not retried.",
            (_, true) => $"waiting will not change this answer; check the endpoints in {endpoints}. Not retried.",
            _ => $"waiting will not change this answer; check the endpoints in {connectionString}. Not retried.",
        };
    }

    /// <summary>The exception and all its inner exceptions, depth first (aggregates included), bounded.</summary>
    private static IEnumerable<Exception> Causes(Exception error)
    {
        var pending = new Stack<Exception>();
        pending.Push(error);
        for (var seen = 0; pending.Count > 0 && seen < 256; seen++)
        {
            var next = pending.Pop();
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>The first cause under a credential's failure that says why its endpoint gave no token: a connection error or a status.</summary>
    private static string? RootCause(AuthenticationFailedException error) => Causes(error).Skip(1).Select(cause => cause switch
    {
        HttpRequestException or SocketException or TimeoutException or OperationCanceledException => FirstLine(cause.Message),
        RequestFailedException { Status: 0 } failed => FirstLine(failed.Message),
        RequestFailedException failed => $"HTTP {failed.Status} from the identity endpoint",
        MsalServiceException { StatusCode: > 0 } msal => $"HTTP {msal.StatusCode} from the identity endpoint",
        _ => null,
    }).FirstOrDefault(cause => cause is not null);

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
