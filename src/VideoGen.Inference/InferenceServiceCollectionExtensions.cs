using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace VideoGen.Inference;

/// <summary>Registers the inference component.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="InferenceOptions"/> (validated at start-up), the <see cref="ModelManifest"/> read from
    /// <see cref="InferenceOptions.ManifestPath"/>, and the singleton <see cref="ModelSessionCache"/>.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services, Action<InferenceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<InferenceOptions>()
            .Configure(configure)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        services.AddSingleton(sp => ModelManifest.Load(sp.GetRequiredService<IOptions<InferenceOptions>>().Value.ManifestPath));
        services.AddSingleton<ModelSessionCache>();
        return services;
    }

    private sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
    {
        public ValidateOptionsResult Validate(string? name, InferenceOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
