using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

public sealed class CmsCallbackNotifierTests
{
    private const string Secret = "cms-hmac-secret-for-tests-0123456789abcdef";

    private static readonly CmsPublishedNotification Notification = new(
        "contoso", "brief-42", "run-7f3a", 2,
        new Uri("https://media.contoso.com/published/contoso/brief-42/v2/video.mp4"),
        new Uri("https://media.contoso.com/published/contoso/brief-42/v2/thumb.jpg"),
        new Uri("https://media.contoso.com/published/contoso/brief-42/v2/manifest.json"),
        new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));

    private readonly CapturingLogs _logs = new();

    private CmsCallbackNotifier Notifier(OutboundAllowList? allowList = null, int maxAttempts = 4, TimeSpan? total = null) => new(
        new CmsCallbackOptions
        {
            SigningSecret = Secret,
            Retry = new HttpRetryOptions
            {
                MaxAttempts = maxAttempts,
                InitialDelay = TimeSpan.FromMilliseconds(2),
                MaxDelay = TimeSpan.FromMilliseconds(10),
                AttemptTimeout = TimeSpan.FromSeconds(10),
                TotalTimeout = total ?? TimeSpan.FromSeconds(30),
            },
        },
        allowList ?? ContentSafetyTestContext.LocalAllowList,
        _logs.For<CmsCallbackNotifier>());

    private static void AssertSignedBySecret(RecordedRequest request)
    {
        var timestamp = request.Header("X-VideoGen-Timestamp")!;
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
        Assert.Equal(expected, request.Header("X-VideoGen-Signature"));
        Assert.True(CmsCallbackSignature.Verify(Secret, timestamp, request.Header("X-VideoGen-Signature"), request.Body,
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task NotifyPublished_CmsAccepts_PostsSignedContractBodyWithIdempotencyKey()
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        using var notifier = Notifier();

        await notifier.NotifyPublishedAsync(cms.Url, Notification);

        var request = Assert.Single(cms.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(
            ["event", "tenant", "briefId", "instanceId", "version", "videoUrl", "thumbnailUrl", "manifestUrl", "publishedAt"],
            body.Select(p => p.Key).ToArray());
        Assert.Equal("video.published", body["event"]!.GetValue<string>());
        Assert.Equal("contoso", body["tenant"]!.GetValue<string>());
        Assert.Equal(2, body["version"]!.GetValue<int>());
        Assert.Equal(Notification.ManifestUrl.AbsoluteUri, body["manifestUrl"]!.GetValue<string>());
        Assert.Equal(Notification.PublishedAt, DateTimeOffset.Parse(body["publishedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CmsCallbackNotifier.IdempotencyKey("contoso", "run-7f3a", 2), request.Header("Idempotency-Key"));
        AssertSignedBySecret(request);
    }

    [Fact]
    public async Task NotifyPublished_FailsTwiceThenSucceeds_RetriesWithSameKeyAndValidSignatures()
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        cms.NextStatuses.Enqueue(503);
        cms.NextStatuses.Enqueue(0); // dropped connection
        using var notifier = Notifier();

        await notifier.NotifyPublishedAsync(cms.Url, Notification);

        Assert.Equal(3, cms.Requests.Count);
        Assert.Single(cms.Requests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Single(cms.Requests.Select(r => r.BodyText).Distinct());
        Assert.All(cms.Requests, AssertSignedBySecret);
    }

    [Fact]
    public async Task NotifyPublished_429WithRetryAfter_Retries()
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        cms.NextStatuses.Enqueue(429);
        cms.RetryAfter = "0";
        using var notifier = Notifier();

        await notifier.NotifyPublishedAsync(cms.Url, Notification);

        Assert.Equal(2, cms.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(302)]
    public async Task NotifyPublished_FinalRefusal_NotRetriedAndThrowsWithStatus(int status)
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        cms.FinalStatus = status;
        using var notifier = Notifier();

        var ex = await Assert.ThrowsAsync<CmsCallbackFailedException>(() => notifier.NotifyPublishedAsync(cms.Url, Notification));

        Assert.Single(cms.Requests);
        Assert.Equal(status, ex.LastStatus);
        Assert.Equal(1, ex.Attempts);
        Assert.False(ex.RetriesExhausted);
        Assert.Equal("127.0.0.1", ex.Host);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task NotifyPublished_KeepsFailing_ThrowsAfterBoundedAttemptsWithLastStatus(int status)
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        cms.FinalStatus = status;
        using var notifier = Notifier(maxAttempts: 4);

        var ex = await Assert.ThrowsAsync<CmsCallbackFailedException>(() => notifier.NotifyPublishedAsync(cms.Url, Notification));

        Assert.Equal(4, cms.Requests.Count);
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(status, ex.LastStatus);
        Assert.True(ex.RetriesExhausted);
    }

    [Fact]
    public async Task NotifyPublished_TotalTimeBudgetSpent_StopsBeforeMaxAttempts()
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        cms.FinalStatus = 503;
        using var notifier = Notifier(maxAttempts: 10, total: TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<CmsCallbackFailedException>(() => notifier.NotifyPublishedAsync(cms.Url, Notification));

        Assert.Single(cms.Requests);
        Assert.Contains("total time budget", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyPublished_HostNotAllowListed_RefusedBeforeAnyRequest()
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        var strict = new OutboundAllowList(new OutboundAllowListOptions { AllowedHosts = { "cms.contoso.com" } });
        using var notifier = Notifier(strict);

        var local = await Assert.ThrowsAsync<OutboundUrlRejectedException>(() => notifier.NotifyPublishedAsync(cms.Url, Notification));
        var remote = await Assert.ThrowsAsync<OutboundUrlRejectedException>(
            () => notifier.NotifyPublishedAsync(new Uri("https://cms.attacker.example/hook"), Notification));

        Assert.Empty(cms.Requests);
        Assert.Equal("https-required", local.Rule);
        Assert.Equal("host-not-allowed", remote.Rule);
        Assert.Equal("cms.attacker.example", remote.Host);
    }

    [Fact]
    public void IdempotencyKey_SameInstanceAndVersion_StableAndVersionSensitive()
    {
        Assert.Equal(CmsCallbackNotifier.IdempotencyKey("t", "i", 1), CmsCallbackNotifier.IdempotencyKey("t", "i", 1));
        Assert.NotEqual(CmsCallbackNotifier.IdempotencyKey("t", "i", 1), CmsCallbackNotifier.IdempotencyKey("t", "i", 2));
        Assert.NotEqual(CmsCallbackNotifier.IdempotencyKey("t", "i", 1), CmsCallbackNotifier.IdempotencyKey("u", "i", 1));
    }

    [Fact]
    public async Task NotifyPublished_RerunAfterCrash_CarriesSameIdempotencyKey()
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        using (var first = Notifier())
        {
            await first.NotifyPublishedAsync(cms.Url, Notification);
        }

        using (var second = Notifier()) // a new host re-running the activity, a little later
        {
            await second.NotifyPublishedAsync(cms.Url, Notification with { PublishedAt = Notification.PublishedAt.AddSeconds(3) });
        }

        Assert.Equal(2, cms.Requests.Count);
        Assert.Single(cms.Requests.Select(r => r.Header("Idempotency-Key")).Distinct());
    }

    [Fact]
    public void Verify_TamperedBodyOrStaleTimestamp_ReturnsFalse()
    {
        var body = Encoding.UTF8.GetBytes("{\"event\":\"video.published\"}");
        var now = DateTimeOffset.UtcNow;
        var ts = now.ToUnixTimeSeconds();
        var sig = CmsCallbackSignature.Compute(Secret, ts, body);

        Assert.True(CmsCallbackSignature.Verify(Secret, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), sig, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(CmsCallbackSignature.Verify(Secret, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), sig, Encoding.UTF8.GetBytes("{}"), now, TimeSpan.FromMinutes(5)));
        Assert.False(CmsCallbackSignature.Verify("another-secret-another-secret-0000", ts.ToString(System.Globalization.CultureInfo.InvariantCulture), sig, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(CmsCallbackSignature.Verify(Secret, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), sig, body, now.AddMinutes(10), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Constructor_ShortSecret_ThrowsNamingSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CmsCallbackNotifier(
            new CmsCallbackOptions { SigningSecret = "short" }, ContentSafetyTestContext.LocalAllowList, _logs.For<CmsCallbackNotifier>()));
        Assert.Contains("CmsCallback:SigningSecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyPublished_SuccessAndFailure_NeverLogSecretOrUrlToken()
    {
        await using var cms = await FakeWebhookReceiver.StartAsync();
        cms.NextStatuses.Enqueue(500);
        using var notifier = Notifier(maxAttempts: 2);
        await notifier.NotifyPublishedAsync(cms.Url, Notification);
        cms.FinalStatus = 503;
        await Assert.ThrowsAsync<CmsCallbackFailedException>(() => notifier.NotifyPublishedAsync(cms.Url, Notification));

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(Secret, _logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("cms-url-token-123", _logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(cms.Requests[0].Header("X-VideoGen-Signature")!, _logs.All, StringComparison.Ordinal);
    }
}
