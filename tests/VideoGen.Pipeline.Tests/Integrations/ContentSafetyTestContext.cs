using Microsoft.Extensions.Logging;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

/// <summary>A fake service plus a client and gate pointed at it, with tiny retry delays.</summary>
internal sealed class ContentSafetyTestContext : IAsyncDisposable
{
    private ContentSafetyTestContext(FakeContentSafetyService service, ContentSafetyOptions options)
    {
        Service = service;
        Options = options;
    }

    public FakeContentSafetyService Service { get; }

    public ContentSafetyOptions Options { get; }

    public CapturingLogs Logs { get; } = new();

    public static OutboundAllowList LocalAllowList { get; } = new(new OutboundAllowListOptions { AllowLoopbackHttp = true });

    public static async Task<ContentSafetyTestContext> StartAsync(string key = FakeContentSafetyService.Key)
    {
        var service = await FakeContentSafetyService.StartAsync();
        var options = new ContentSafetyOptions
        {
            Endpoint = service.Endpoint,
            ApiKey = key,
            MaxRetries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
            NetworkTimeout = TimeSpan.FromSeconds(10),
        };
        return new ContentSafetyTestContext(service, options);
    }

    public ContentSafetyClient Client() => new(Options, LocalAllowList, Logs.For<ContentSafetyClient>());

    public SafetyGate Gate(SafetyGateOptions? options = null) => new(Client(), options ?? new SafetyGateOptions(), Logs.For<SafetyGate>());

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
