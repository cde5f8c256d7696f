using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Notifications;

/// <summary>DI registration of the outbound integrations.</summary>
public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VideoGenIntegrationsOptions"/> (validated at start-up by
    /// <see cref="VideoGenIntegrationsOptionsValidator"/>), the <see cref="OutboundAllowList"/> and, as singletons,
    /// <see cref="ContentSafetyClient"/>, <see cref="SafetyGate"/>, <see cref="EmailApprovalSender"/>,
    /// <see cref="TeamsWorkflowClient"/>, <see cref="CmsCallbackNotifier"/> and <see cref="LifecycleEventPublisher"/>.
    /// Resolving the client of a component whose section is null throws <see cref="InvalidOperationException"/>
    /// naming the section. Needs logging registered (<c>AddLogging</c>, done by every host).
    /// </summary>
    /// <remarks>
    /// Binding from <c>IConfiguration</c> is left to the host (the pipeline library does not reference the
    /// configuration binder): <c>services.AddVideoGenIntegrations(o =&gt; configuration.GetSection("Integrations").Bind(o))</c>.
    /// </remarks>
    public static IServiceCollection AddVideoGenIntegrations(this IServiceCollection services, Action<VideoGenIntegrationsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<VideoGenIntegrationsOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VideoGenIntegrationsOptions>, VideoGenIntegrationsOptionsValidator>();

        services.AddSingleton(sp => new OutboundAllowList(Options(sp).OutboundAllowList));
        services.AddSingleton(sp => new ContentSafetyClient(
            Section(Options(sp).ContentSafety, "ContentSafety"), sp.GetRequiredService<OutboundAllowList>(), Logger<ContentSafetyClient>(sp)));
        services.AddSingleton(sp => new SafetyGate(
            sp.GetRequiredService<ContentSafetyClient>(), Options(sp).SafetyGate, Logger<SafetyGate>(sp)));
        services.AddSingleton(sp => new EmailApprovalSender(Section(Options(sp).Email, "Email"), Logger<EmailApprovalSender>(sp)));
        services.AddSingleton(sp => new TeamsWorkflowClient(
            Section(Options(sp).Teams, "Teams"), sp.GetRequiredService<OutboundAllowList>(), Logger<TeamsWorkflowClient>(sp),
            time: sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new CmsCallbackNotifier(
            Section(Options(sp).CmsCallback, "CmsCallback"), sp.GetRequiredService<OutboundAllowList>(), Logger<CmsCallbackNotifier>(sp),
            time: sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new LifecycleEventPublisher(
            Section(Options(sp).LifecycleEvents, "LifecycleEvents"), sp.GetRequiredService<OutboundAllowList>(), Logger<LifecycleEventPublisher>(sp)));
        return services;
    }

    private static VideoGenIntegrationsOptions Options(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<VideoGenIntegrationsOptions>>().Value;

    private static ILogger<T> Logger<T>(IServiceProvider sp) => sp.GetRequiredService<ILogger<T>>();

    private static T Section<T>(T? section, string name)
        where T : class =>
        section ?? throw new InvalidOperationException(
            $"{VideoGenIntegrationsOptions.SectionName}:{name} is not configured; set it to use {typeof(T).Name.Replace("Options", string.Empty, StringComparison.Ordinal)}.");
}
