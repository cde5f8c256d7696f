using System.Text.Json.Nodes;
using Azure.Messaging;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Tests.Integrations;

public sealed class LifecycleEventPublisherTests
{
    private static readonly RunLifecycleEventData Data = new(
        "contoso", "brief-42", "run-7f3a", 1, new DateTimeOffset(2026, 12, 1, 20, 5, 0, TimeSpan.Zero),
        VideoUrl: new Uri("https://media.contoso.com/published/contoso/brief-42/v1/video.mp4"));

    private readonly CapturingLogs _logs = new();

    private LifecycleEventPublisher Publisher(CloudEventSink sink, string key = CloudEventSink.Key, OutboundAllowList? allowList = null) => new(
        new LifecycleEventOptions
        {
            Endpoint = sink.Endpoint,
            AccessKey = key,
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        },
        allowList ?? ContentSafetyTestContext.LocalAllowList,
        _logs.For<LifecycleEventPublisher>());

    [Fact]
    public async Task Publish_LocalSink_SendsCloudEventsBatchTheSdkParses()
    {
        await using var sink = await CloudEventSink.StartAsync();

        await Publisher(sink).PublishAsync(LifecycleEventType.Published, Data);

        var request = Assert.Single(sink.Requests);
        Assert.StartsWith("application/cloudevents-batch+json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(CloudEventSink.Key, request.Header("aeg-sas-key"));
        Assert.Equal("1.0", JsonNode.Parse(request.Body)![0]!["specversion"]!.GetValue<string>());
        var e = Assert.Single(sink.Events);
        Assert.Equal("VideoGen.Run.Published", e.Type);
        Assert.Equal("/videogen/contoso", e.Source);
        Assert.Equal("briefs/brief-42/runs/run-7f3a", e.Subject);
        Assert.Equal("application/json", e.DataContentType);
        Assert.Equal(Data.OccurredAt, e.Time);
        var data = JsonNode.Parse(e.Data!.ToString())!;
        Assert.Equal("run-7f3a", data["instanceId"]!.GetValue<string>());
        Assert.Equal(1, data["version"]!.GetValue<int>());
        Assert.Equal(Data.VideoUrl!.AbsoluteUri, data["videoUrl"]!.GetValue<string>());
        Assert.Null(data["reason"]);
    }

    [Theory]
    [InlineData(LifecycleEventType.Started, "VideoGen.Run.Started")]
    [InlineData(LifecycleEventType.PreviewReady, "VideoGen.Run.PreviewReady")]
    [InlineData(LifecycleEventType.ReviewRequested, "VideoGen.Run.ReviewRequested")]
    [InlineData(LifecycleEventType.Approved, "VideoGen.Run.Approved")]
    [InlineData(LifecycleEventType.Rejected, "VideoGen.Run.Rejected")]
    [InlineData(LifecycleEventType.Failed, "VideoGen.Run.Failed")]
    public void CreateEvent_EachType_UsesVideoGenRunTypeName(LifecycleEventType type, string expected) =>
        Assert.Equal(expected, LifecycleEventPublisher.CreateEvent(type, Data).Type);

    [Fact]
    public void CreateEvent_SameInstanceTypeAndVersion_SameIdOtherwiseDifferent()
    {
        var a = LifecycleEventPublisher.CreateEvent(LifecycleEventType.Failed, Data);
        var b = LifecycleEventPublisher.CreateEvent(LifecycleEventType.Failed, Data with { OccurredAt = Data.OccurredAt.AddMinutes(1) });
        var c = LifecycleEventPublisher.CreateEvent(LifecycleEventType.Failed, Data with { Version = 2 });
        var d = LifecycleEventPublisher.CreateEvent(LifecycleEventType.Started, Data);

        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
        Assert.NotEqual(a.Id, d.Id);
    }

    [Fact]
    public async Task Publish_TransientFailuresThenSuccess_SdkRetries()
    {
        await using var sink = await CloudEventSink.StartAsync();
        sink.NextStatuses.Enqueue(503);
        sink.NextStatuses.Enqueue(429);

        await Publisher(sink).PublishAsync(LifecycleEventType.Started, Data);

        Assert.Equal(3, sink.Requests.Count);
        Assert.Single(sink.Events);
    }

    [Fact]
    public async Task Publish_WrongKey_ThrowsWithStatusAndNeverLogsKey()
    {
        await using var sink = await CloudEventSink.StartAsync();
        const string wrong = "wrong-topic-key-should-not-leak";

        var ex = await Assert.ThrowsAsync<LifecycleEventPublishException>(() => Publisher(sink, wrong).PublishAsync(LifecycleEventType.Started, Data));

        Assert.Equal(401, ex.Status);
        Assert.DoesNotContain(wrong, _logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_EndpointNotAllowListed_Throws()
    {
        await using var sink = await CloudEventSink.StartAsync();
        var strict = new OutboundAllowList(new OutboundAllowListOptions { AllowedHosts = { "*.eventgrid.azure.net" } });

        Assert.Throws<OutboundUrlRejectedException>(() => Publisher(sink, allowList: strict));
        Assert.Empty(sink.Requests);
    }
}
