using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

public sealed class IntegrationsServiceCollectionTests
{
    private const string CmsSecret = "cms-secret-for-di-test-0123456789abcdef";

    private static ServiceProvider Build(Action<VideoGenIntegrationsOptions> configure, CapturingLogs? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddVideoGenIntegrations(configure);
        return services.BuildServiceProvider();
    }

    private static void LocalConfig(VideoGenIntegrationsOptions o)
    {
        o.OutboundAllowList.AllowLoopbackHttp = true;
        o.OutboundAllowList.AllowedHosts.Add("*.cognitiveservices.azure.com");
        o.ContentSafety = new ContentSafetyOptions { Endpoint = new Uri("http://127.0.0.1:5005/"), ApiKey = "dev-key" };
        o.Email = new EmailOptions { Host = "127.0.0.1", Port = 1025, Security = SmtpSecurity.None, FromAddress = "videogen@localhost.test" };
        o.Teams = new TeamsOptions();
        o.CmsCallback = new CmsCallbackOptions { SigningSecret = CmsSecret };
        o.LifecycleEvents = new LifecycleEventOptions { Endpoint = new Uri("http://127.0.0.1:5006/api/events"), AccessKey = "dev-topic-key" };
    }

    [Fact]
    public void AddVideoGenIntegrations_ValidLocalConfig_ValidatesAtStartAndResolvesEveryClient()
    {
        using var sp = Build(LocalConfig);

        sp.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(sp.GetRequiredService<OutboundAllowList>());
        Assert.NotNull(sp.GetRequiredService<ContentSafetyClient>());
        Assert.NotNull(sp.GetRequiredService<SafetyGate>());
        Assert.NotNull(sp.GetRequiredService<EmailApprovalSender>());
        Assert.NotNull(sp.GetRequiredService<TeamsWorkflowClient>());
        Assert.NotNull(sp.GetRequiredService<CmsCallbackNotifier>());
        Assert.NotNull(sp.GetRequiredService<LifecycleEventPublisher>());
    }

    [Fact]
    public void Validate_BadSettings_ErrorsNameEverySettingAndNoSecret()
    {
        using var sp = Build(o =>
        {
            o.OutboundAllowList.AllowedHosts.Add("cms.contoso.com");
            o.ContentSafety = new ContentSafetyOptions { Endpoint = new Uri("https://cs.evil.example/") };
            o.SafetyGate.Default = new SafetyThreshold { Review = 5, Block = 3 };
            o.Email = new EmailOptions { Host = "smtp.contoso.com", Security = SmtpSecurity.None, FromAddress = "not an address", Password = "p4ss-word-secret" };
            o.CmsCallback = new CmsCallbackOptions { SigningSecret = "short-secret", Retry = new HttpRetryOptions { MaxAttempts = 0 } };
            o.LifecycleEvents = new LifecycleEventOptions { Endpoint = new Uri("http://topic.eventgrid.azure.net/api/events") };
        });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());
        var message = string.Join("\n", ex.Failures);

        foreach (var setting in new[]
                 {
                     "Integrations:ContentSafety:Endpoint", "Integrations:ContentSafety:ApiKey", "Integrations:SafetyGate:Default",
                     "Integrations:Email:FromAddress", "Integrations:Email:Password", "Integrations:Email:Security",
                     "Integrations:CmsCallback:SigningSecret", "Integrations:CmsCallback:Retry:MaxAttempts",
                     "Integrations:LifecycleEvents:Endpoint", "Integrations:LifecycleEvents:AccessKey",
                 })
        {
            Assert.Contains(setting, message, StringComparison.Ordinal);
        }

        Assert.Contains("cs.evil.example", message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("p4ss-word-secret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedAllowListEntry_NamesEntryIndex()
    {
        using var sp = Build(o => o.OutboundAllowList.AllowedHosts.Add("https://cms.contoso.com/path"));

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Integrations:OutboundAllowList:AllowedHosts:0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ComponentNotConfigured_ThrowsNamingSection()
    {
        using var sp = Build(o => o.OutboundAllowList.AllowedHosts.Add("cms.contoso.com"));

        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<CmsCallbackNotifier>());

        Assert.Contains("Integrations:CmsCallback is not configured", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_FromDi_UseLoggingWithoutLeakingSecrets()
    {
        var logs = new CapturingLogs();
        await using var cms = await FakeWebhookReceiver.StartAsync();
        cms.FinalStatus = 500;
        using var sp = Build(o =>
        {
            LocalConfig(o);
            o.CmsCallback!.Retry = new HttpRetryOptions { MaxAttempts = 2, InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };
        }, logs);

        var notifier = sp.GetRequiredService<CmsCallbackNotifier>();
        await Assert.ThrowsAsync<CmsCallbackFailedException>(() => notifier.NotifyPublishedAsync(cms.Url, new CmsPublishedNotification(
            "t", "b", "i", 1, new Uri("https://x.test/v.mp4"), new Uri("https://x.test/t.jpg"), new Uri("https://x.test/m.json"), DateTimeOffset.UnixEpoch)));

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(CmsSecret, logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-key", logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-topic-key", logs.All, StringComparison.Ordinal);
    }
}
