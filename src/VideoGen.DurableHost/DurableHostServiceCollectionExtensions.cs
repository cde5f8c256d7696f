using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VideoGen.DurableHost;

/// <summary>Adds the local Durable Task host (DTFx over Azure Storage) and its <see cref="DurableTaskClient"/>.</summary>
public static class DurableHostServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine over <paramref name="storage"/>: options (validated at start-up), the
    /// <see cref="AzureStorageOrchestrationService"/>, the <see cref="DurableTaskClient"/>, readiness, and — unless
    /// <paramref name="runWorker"/> is false (a client-only process) — the worker that runs what
    /// <paramref name="register"/> adds. Payloads use the <see cref="DataConverter"/> registered in DI, else
    /// <see cref="JsonDataConverter.Default"/>.
    /// </summary>
    public static IServiceCollection AddLocalDurableTask(
        this IServiceCollection services, StorageEndpoints storage, Action<DurableHostOptions> configure, Action<TaskRegistry> register, bool runWorker = true)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(register);
        services.AddOptions<DurableHostOptions>().Configure(configure).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        var registry = new TaskRegistry();
        register(registry);
        services.AddSingleton(registry);
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.AddSingleton(sp => CreateService(storage, sp.GetRequiredService<IOptions<DurableHostOptions>>().Value, sp.GetService<ILoggerFactory>()));
        services.AddSingleton<DurableTaskClient>(sp => new DtfxDurableTaskClient(
            sp.GetRequiredService<AzureStorageOrchestrationService>(), sp.GetRequiredService<DataConverter>(), sp.GetRequiredService<IOptions<DurableHostOptions>>().Value));
        services.AddSingleton<DurableHostReadiness>();
        if (runWorker)
        {
            services.AddHostedService<DurableHostWorker>();
        }

        return services;
    }

    /// <summary>The Azure Storage orchestration service for <paramref name="options"/> (one per process: worker and client share it).</summary>
    public static AzureStorageOrchestrationService CreateService(StorageEndpoints storage, DurableHostOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.HubName,
            StorageAccountClientProvider = storage.CreateDurableProvider(),
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueBatchSize = options.ControlQueueBatchSize,
            ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            UseTablePartitionManagement = options.UseTablePartitionManagement,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
        };
        if (loggerFactory is not null)
        {
            settings.LoggerFactory = loggerFactory;
        }

        return new AzureStorageOrchestrationService(settings);
    }
}
