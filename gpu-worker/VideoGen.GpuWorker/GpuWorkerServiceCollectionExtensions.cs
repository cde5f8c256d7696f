using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VideoGen.GpuWorker;

/// <summary>Registers the GPU worker.</summary>
public static class GpuWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="GpuWorkerOptions"/> (validated at start-up), the storage clients (made by
    /// <see cref="StorageClientFactory"/>, from a connection string or identity-based settings), <see cref="WorkerCounters"/>,
    /// <see cref="StorageReadiness"/>, <see cref="StorageStartup"/>, <see cref="GpuJobProcessor"/> and, unless
    /// <paramref name="addHostedService"/> is false, the hosted <see cref="GpuWorkerService"/>. The inference component must be added too (<c>AddInference</c>).
    /// </summary>
    public static IServiceCollection AddGpuWorker(this IServiceCollection services, Action<GpuWorkerOptions> configure, bool addHostedService = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<GpuWorkerOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GpuWorkerOptions>, GpuWorkerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateQueueServiceClient());
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateBlobServiceClient());
        services.TryAddSingleton<WorkerCounters>();
        services.TryAddSingleton<StorageReadiness>();
        services.TryAddSingleton<StorageStartup>();
        services.TryAddSingleton<GpuJobProcessor>();
        if (addHostedService)
        {
            services.AddHostedService<GpuWorkerService>();
        }
        return services;
    }

    private sealed class GpuWorkerOptionsValidator : IValidateOptions<GpuWorkerOptions>
    {
        public ValidateOptionsResult Validate(string? name, GpuWorkerOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
