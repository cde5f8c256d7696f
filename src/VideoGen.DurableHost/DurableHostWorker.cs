using Azure;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VideoGen.DurableHost;

/// <summary>
/// Runs the registered Microsoft.DurableTask classes on DTFx's <see cref="TaskHubWorker"/> over the Azure Storage
/// provider. Each class is wrapped per call by <see cref="DurableTaskShimFactory"/> (the adapter the Durable Task SDK
/// itself uses), so payloads are the shims' JSON through the one <see cref="DataConverter"/> both hosts use.
/// Start-up never fails because storage is not there yet: the worker waits with backoff, reports not ready through
/// <see cref="DurableHostReadiness"/>, and starts when storage answers. Stopping lets running work items finish.
/// </summary>
public sealed partial class DurableHostWorker(
    AzureStorageOrchestrationService service,
    TaskRegistry registry,
    DataConverter converter,
    IServiceProvider services,
    DurableHostReadiness readiness,
    IOptions<DurableHostOptions> options,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _log = loggerFactory.CreateLogger<DurableHostWorker>();
    private readonly CancellationTokenSource _stopping = new();
    private TaskHubWorker? _worker;
    private Task? _starting;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(async () =>
        {
            try
            {
                await StartWhenStorageAnswersAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Not transient (a 401/403, a malformed setting) or past StorageWaitLimit: waiting longer cannot help.
                LogCannotStart(ex.GetType().Name, ex.Message);
                services.GetService<IHostApplicationLifetime>()?.StopApplication();
                throw;
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StartWhenStorageAnswersAsync(CancellationToken ct)
    {
        await StorageWait.UntilAsync(
            () => service.CreateIfNotExistsAsync(),
            (attempt, delay, ex) => LogStorageNotReady(attempt, delay.TotalSeconds, ex.GetType().Name, ex.Message),
            options.Value.StorageWaitLimit,
            ct).ConfigureAwait(false);

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, loggerFactory);
        var tuned = new DispatcherTuningService(service, options.Value.ActivityDispatcherCount, options.Value.OrchestrationDispatcherCount);
        var worker = new TaskHubWorker(tuned, loggerFactory) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        foreach ((string name, Type type) in registry.Orchestrators)
        {
            worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(name,
                () => shims.CreateOrchestration(new TaskName(name), (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type))));
        }

        foreach ((string name, Type type) in registry.Activities)
        {
            worker.AddTaskActivities(new Creator<TaskActivity>(name,
                () => shims.CreateActivity(new TaskName(name), (ITaskActivity)ActivatorUtilities.CreateInstance(services, type))));
        }

        ct.ThrowIfCancellationRequested();
        await worker.StartAsync().ConfigureAwait(false);
        _worker = worker;
        readiness.MarkReady();
        LogStarted(options.Value.HubName, registry.Orchestrators.Count, registry.Activities.Count);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_starting is { } starting)
        {
            try
            {
                await starting.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped while waiting for storage
            }
            catch (Exception) when (_worker is null)
            {
                // it could not start; already logged
            }
        }

        if (_worker is { } worker)
        {
            await worker.StopAsync(isForced: false).ConfigureAwait(false);
            _worker = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage did not answer (attempt {Attempt}); the durable host is not ready and tries again in {DelaySeconds:0.0} s: {ErrorType}: {Error}")]
    private partial void LogStorageNotReady(int attempt, double delaySeconds, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The durable host cannot start and the app stops: {ErrorType}: {Error}")]
    private partial void LogCannotStart(string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable host started on task hub {HubName}: {Orchestrators} orchestrators, {Activities} activities")]
    private partial void LogStarted(string hubName, int orchestrators, int activities);

    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}

/// <summary>Whether the durable host has reached storage and started; the health endpoint reports it.</summary>
public sealed class DurableHostReadiness
{
    private volatile bool _ready;

    /// <summary>True once the task hub exists and the worker runs.</summary>
    public bool IsReady => _ready;

    /// <summary>Marks the host ready.</summary>
    public void MarkReady() => _ready = true;
}

/// <summary>Waits for storage: retries an operation with capped exponential backoff and jitter while the failure is transient.</summary>
public static class StorageWait
{
    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds. Transient failures (nothing listening, DNS, timeouts, 408/429/5xx)
    /// are reported to <paramref name="onRetry"/> and retried after 0.25 s doubling to 10 s (±20 %); anything else
    /// (a 401/403, a malformed setting) is thrown at once. <paramref name="limit"/> zero waits for ever.
    /// </summary>
    public static async Task UntilAsync(Func<Task> attempt, Action<int, TimeSpan, Exception> onRetry, TimeSpan limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(onRetry);
        DateTime deadline = limit > TimeSpan.Zero ? DateTime.UtcNow + limit : DateTime.MaxValue;
        TimeSpan delay = TimeSpan.FromMilliseconds(250);
        for (int n = 1; ; n++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await attempt().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
            {
                TimeSpan wait = delay * (0.8 + (Random.Shared.NextDouble() * 0.4));
                onRetry(n, wait, ex);
                await Task.Delay(wait, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    /// <summary>True for failures that storage coming up (or back) would cure.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or System.Net.Sockets.SocketException or TimeoutException or IOException => true,
        TaskCanceledException => true,
        AggregateException a => a.InnerExceptions.All(IsTransient),
        _ => ex.InnerException is { } inner && IsTransient(inner),
    };
}
