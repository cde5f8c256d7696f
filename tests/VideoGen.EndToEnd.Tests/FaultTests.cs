using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VideoGen.Contracts;
using VideoGen.EndToEnd.Tests.Infrastructure;

namespace VideoGen.EndToEnd.Tests;

/// <summary>Processes killed with SIGKILL mid-run: the run still publishes, exactly once.</summary>
[Collection(PipelineCollection.Name)]
public sealed partial class FaultTests(PipelineFixture fixture) : IAsyncLifetime
{
    private readonly PipelineHost _pipeline = new(fixture);

    public Task InitializeAsync() => _pipeline.StartAppAsync();

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task GpuWorkerKilledMidChunk_AnotherWorkerReRunsIt_RunPublishes()
    {
        _pipeline.StartWorker(visibility: TimeSpan.FromSeconds(5));
        (JsonObject brief, byte[] image) = _pipeline.Sample("launch-16x9", "gpukill");
        string id = await _pipeline.SubmitAsync(brief, image);
        string prefix = $"contoso/{brief["briefId"]}/";

        // Kill as soon as the first checkpoint segment is in storage: that chunk is mid-flight.
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            while (!(await _pipeline.ListBlobsAsync("work", prefix)).Any(n => n.Contains("/interactive/v1/chunk-", StringComparison.Ordinal) && !n.EndsWith("index.json", StringComparison.Ordinal)))
            {
                Assert.False(_pipeline.Worker!.HasExited, "the GPU worker exited:\n" + PipelineHost.Tail(_pipeline.Worker));
                await Task.Delay(20, cts.Token);
            }
        }

        ChildProcess first = _pipeline.Worker!;
        await first.KillAsync();
        _pipeline.StartWorker(visibility: TimeSpan.FromSeconds(5));
        JsonObject done = await _pipeline.WaitForEndAsync(id, TimeSpan.FromMinutes(5));

        Assert.True(done["output"]?["outcome"]?.GetValue<string>() == "published", done.ToJsonString() + "\n" + PipelineHost.Tail(_pipeline.Worker));
        Assert.Matches(SucceededLine(), _pipeline.Worker!.Output); // the new worker finished what the killed one held
        first.Dispose();
    }

    [Fact]
    public async Task FunctionHostKilledMidRun_RestartedHostPublishesExactlyOnce()
    {
        _pipeline.StartWorker();
        (JsonObject brief, byte[] image) = _pipeline.Sample("launch-16x9", "hostkill");
        string id = await _pipeline.SubmitAsync(brief, image);
        await _pipeline.WaitAsync(id, s => PipelineHost.Stage(s) is "render-final" or "publish" or "done", TimeSpan.FromMinutes(4), "the final render");

        await _pipeline.App!.KillAsync();
        _pipeline.App.Dispose();
        await _pipeline.StartAppAsync();
        JsonObject done = await _pipeline.WaitForEndAsync(id, TimeSpan.FromMinutes(5));

        Assert.True(done["output"]?["outcome"]?.GetValue<string>() == "published", done.ToJsonString());
        List<string> published = await _pipeline.ListBlobsAsync(BlobLayout.PublishedContainer, $"contoso/{brief["briefId"]}/");
        Assert.Single(published.Select(n => n.Split('/')[2]).Distinct());
        Assert.Equal(["manifest.json", "thumbnail.jpg", "video.mp4"], published.Select(n => n.Split('/')[3]).Order());
        List<string> notifications = await _pipeline.ListBlobsAsync("local-sinks", "cms/");
        Assert.Single(notifications, n => n.Contains(CmsKey(id), StringComparison.Ordinal)); // one notification, whatever was retried
    }

    private static string CmsKey(string instanceId) =>
        VideoGen.Pipeline.Notifications.CmsCallbackNotifier.IdempotencyKey("contoso", instanceId, 1);

    [GeneratedRegex("succeeded: \\d+ frames")]
    private static partial Regex SucceededLine();
}
