using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace VideoGen.Pipeline.Notifications;

/// <summary>How a retried send ended. Internal: each client turns a failure into its own typed exception at once.</summary>
internal sealed record SendOutcome(bool Succeeded, int? LastStatus, int Attempts, string LastError, bool GaveUpRetrying);

/// <summary>The attempt loop shared by the webhook clients (see <see cref="HttpRetryOptions"/>).</summary>
internal static partial class RetryingHttpSender
{
    /// <summary>A handler that never follows redirects: a 3xx must not lead a request past the allow-list.</summary>
    public static HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    };

    public static HttpClient CreateClient(HttpMessageHandler? handler) =>
        new(handler ?? CreateHandler(), disposeHandler: handler is null) { Timeout = Timeout.InfiniteTimeSpan };

    // create builds the request for one attempt (fresh headers such as a timestamp each time);
    // target is what logs name: the host only, never a URL that may carry a token.
    public static async Task<SendOutcome> SendAsync(HttpClient http, Func<HttpRequestMessage> create, HttpRetryOptions retry,
        TimeProvider time, ILogger logger, string target, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        int? lastStatus = null;
        var lastError = "no attempt made";
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(retry.AttemptTimeout);
                try
                {
                    using var request = create();
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token)
                        .ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    lastStatus = status;
                    lastError = $"HTTP {status}";
                    if (status is >= 200 and < 300)
                    {
                        Log.Delivered(logger, target, status, attempt);
                        return new SendOutcome(true, status, attempt, string.Empty, false);
                    }

                    if (status is not (408 or 429 or >= 500))
                    {
                        Log.Refused(logger, target, status, attempt);
                        return new SendOutcome(false, status, attempt, lastError, false);
                    }

                    retryAfter = RetryAfter(response.Headers.RetryAfter, time);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException)
                {
                    lastError = $"no response within {retry.AttemptTimeout.TotalSeconds:0.###} s";
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    lastError = $"{ex.GetType().Name}: {ex.Message}";
                }
            }

            if (attempt >= retry.MaxAttempts)
            {
                Log.GaveUp(logger, target, attempt, lastError);
                return new SendOutcome(false, lastStatus, attempt, lastError, true);
            }

            var delay = Backoff(attempt, retry);
            if (retryAfter is { } serverDelay && serverDelay > delay)
            {
                delay = serverDelay < retry.MaxDelay ? serverDelay : retry.MaxDelay;
            }

            if (time.GetElapsedTime(started) + delay > retry.TotalTimeout)
            {
                Log.GaveUp(logger, target, attempt, lastError + "; total time budget spent");
                return new SendOutcome(false, lastStatus, attempt, lastError + "; total time budget spent", true);
            }

            Log.Retrying(logger, target, attempt, lastError, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Base × 2^(attempt−1), capped, then drawn uniformly from [½, 1] of that ("equal jitter").</summary>
    internal static TimeSpan Backoff(int attempt, HttpRetryOptions retry)
    {
        var ceiling = Math.Min(retry.MaxDelay.TotalMilliseconds, retry.InitialDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Information, "Webhook to {Host} delivered: HTTP {Status} on attempt {Attempt}")]
        public static partial void Delivered(ILogger logger, string host, int status, int attempt);

        [LoggerMessage(41, LogLevel.Warning, "Webhook to {Host} attempt {Attempt} failed ({Error}); retrying in {DelayMs} ms")]
        public static partial void Retrying(ILogger logger, string host, int attempt, string error, double delayMs);

        [LoggerMessage(42, LogLevel.Error, "Webhook to {Host} refused with HTTP {Status} on attempt {Attempt}; not retried")]
        public static partial void Refused(ILogger logger, string host, int status, int attempt);

        [LoggerMessage(43, LogLevel.Error, "Webhook to {Host} failed after {Attempts} attempt(s): {Error}")]
        public static partial void GaveUp(ILogger logger, string host, int attempts, string error);
    }
}
