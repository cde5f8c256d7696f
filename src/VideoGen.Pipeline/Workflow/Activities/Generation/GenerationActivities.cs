using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>The generation activities, and their options and services in DI.</summary>
public static class GenerationActivities
{
    /// <summary><see cref="PrepareAssets"/>, <see cref="SubmitChunkJob"/> and <see cref="AssembleClip"/>; each runs under its class name.</summary>
    public static IReadOnlyList<Type> Types { get; } = [typeof(PrepareAssets), typeof(SubmitChunkJob), typeof(AssembleClip)];

    /// <summary>
    /// Adds <see cref="GenerationOptions"/> (validated at start-up) and the three activities as transient services.
    /// The caller registers <c>BlobServiceClient</c> and <c>QueueServiceClient</c> (plain-text message encoding) and logging.
    /// </summary>
    public static IServiceCollection AddGenerationActivities(this IServiceCollection services, Action<GenerationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GenerationOptions>().Configure(o => configure?.Invoke(o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenerationOptions>, Validator>());
        services.TryAddTransient<PrepareAssets>();
        services.TryAddTransient<SubmitChunkJob>();
        services.TryAddTransient<AssembleClip>();
        return services;
    }

    private sealed class Validator : IValidateOptions<GenerationOptions>
    {
        public ValidateOptionsResult Validate(string? name, GenerationOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
