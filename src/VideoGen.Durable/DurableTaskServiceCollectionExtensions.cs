using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Durable.Storage;
using VideoGen.Durable.Worker;

namespace VideoGen.Durable;

/// <summary>Registers the durable engine: storage, client and (unless disabled) the worker host.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the client and the worker (an <see cref="IHostedService"/> that polls the hub's queues) with the
    /// given settings and registrations. Settings are validated when first resolved.
    /// </summary>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, Action<DurableTaskOptions> configure, Action<DurableTaskRegistry>? register = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var registry = new DurableTaskRegistry();
        register?.Invoke(registry);
        services.AddDurableTaskClient(configure);
        services.TryAddSingleton(registry);
        services.TryAddSingleton(sp => new Replay.OrchestrationExecutor(sp.GetRequiredService<JsonDataConverter>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<InstanceCache>();
        services.TryAddSingleton<OutboundDispatcher>();
        services.TryAddSingleton<OrchestrationProcessor>();
        services.TryAddSingleton<OrchestrationSessions>();
        services.TryAddSingleton<ActivityProcessor>();
        services.TryAddSingleton<PoisonHandler>();
        services.TryAddSingleton<ActivityRunner>();
        services.TryAddSingleton(sp => new Lazy<ActivityRunner>(sp.GetRequiredService<ActivityRunner>)); // breaks the dispatcher → runner → sessions → dispatcher cycle
        services.AddSingleton<DurableTaskWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableTaskWorker>());
        return services;
    }

    /// <summary>
    /// For hosts whose queue messages are dequeued by someone else (an Azure Functions host's queue triggers, or
    /// the function app's local pollers): registers <see cref="QueueTriggerBridge"/> (also started as a hosted
    /// service) and turns the engine's own pollers off. Call after <see cref="AddDurableTask"/>.
    /// </summary>
    public static IServiceCollection AddDurableTaskQueueTriggers(this IServiceCollection services)
    {
        services.PostConfigure<DurableTaskOptions>(o => o.RunWorker = false);
        services.TryAddSingleton(sp => new QueueTriggerBridge(
            sp.GetRequiredService<IDurableStorage>(),
            sp.GetRequiredService<TaskHubReady>(),
            sp.GetRequiredService<OrchestrationSessions>(),
            sp.GetRequiredService<ActivityProcessor>(),
            sp.GetRequiredService<ActivityRunner>(),
            sp.GetRequiredService<PoisonHandler>(),
            sp.GetRequiredService<DurableTaskOptions>()));
        services.AddHostedService(sp => sp.GetRequiredService<QueueTriggerBridge>());
        return services;
    }

    /// <summary>Adds only the client (for processes that start and query runs but do not execute them).</summary>
    public static IServiceCollection AddDurableTaskClient(this IServiceCollection services, Action<DurableTaskOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton<ILoggerFactory, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory>();
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        services.AddOptions<DurableTaskOptions>().Configure(configure);
        services.TryAddSingleton(JsonDataConverter.Default);
        services.TryAddSingleton<IDurableStorage>(sp =>
        {
            DurableTaskOptions options = sp.GetRequiredService<IOptions<DurableTaskOptions>>().Value;
            options.Validate();
            IDurableStorage storage = new AzureDurableStorage(options);
            foreach (StorageDecorator decorator in sp.GetServices<StorageDecorator>())
            {
                storage = decorator.Wrap(sp, storage);
            }

            return storage;
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DurableTaskOptions>>().Value);
        services.TryAddSingleton<QueueSignals>();
        services.TryAddSingleton<PayloadStore>();
        services.TryAddSingleton<MessageBus>();
        services.TryAddSingleton<TaskHubReady>();
        services.TryAddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<IDurableStorage>(),
            sp.GetRequiredService<MessageBus>(),
            sp.GetRequiredService<PayloadStore>(),
            sp.GetRequiredService<JsonDataConverter>(),
            sp.GetRequiredService<TaskHubReady>(),
            sp.GetRequiredService<ILogger<DurableTaskClient>>()));
        return services;
    }

    /// <summary>Wraps the storage seam (fault injection, request counting). Decorators apply in registration order.</summary>
    internal static IServiceCollection DecorateDurableStorage(this IServiceCollection services, Func<IServiceProvider, IDurableStorage, IDurableStorage> wrap)
        => services.AddSingleton(new StorageDecorator(wrap));

    internal sealed record StorageDecorator(Func<IServiceProvider, IDurableStorage, IDurableStorage> Wrap);
}
