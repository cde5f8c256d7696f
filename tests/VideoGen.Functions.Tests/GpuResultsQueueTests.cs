using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Contracts.Gpu;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

/// <summary>
/// The <c>gpu-results</c> queue through the local host's queue trigger: a result reaches its running instance as
/// <c>ChunkRendered</c>; a result for an instance that never appears is retried (host.json visibilityTimeout), then
/// moved to <c>gpu-results-poison</c> after maxDequeueCount, intact, and never loops unseen.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GpuResultsQueueTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite, watchUploads: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private QueueClient Queue(string name) => new(azurite.ConnectionString, name);

    private static GpuJobResult Result(string instanceId, string jobId) =>
        new(jobId, instanceId, 0, GpuJobStatus.Succeeded, "work", [], 48, 0.5, "cpu", null, $"m-{jobId}");

    [Fact]
    public async Task Result_ForARunningInstance_IsRaisedAsChunkRendered()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // hang guard only
        string id = $"contoso:gpuq-{Guid.NewGuid():N}";
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.WaitForChunk, "x", new StartOrchestrationOptions(id), guard.Token);
        await _app.Client.WaitForInstanceStartAsync(id, guard.Token);

        QueueClient results = Queue(GpuQueues.Results);
        await results.CreateIfNotExistsAsync(cancellationToken: guard.Token);
        await results.SendMessageAsync(GpuJson.Serialize(Result(id, "job-q1")), guard.Token);

        OrchestrationMetadata done = await _app.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, guard.Token);
        Assert.Equal("job-q1:Succeeded", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Result_ForAnInstanceThatNeverExists_IsRetriedThenPoisonedIntact()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // hang guard only
        _ = _app.Services; // start the host's pollers
        string jobId = $"job-{Guid.NewGuid():N}";
        string body = GpuJson.Serialize(Result($"contoso:never-{Guid.NewGuid():N}:preview:v1", jobId));
        QueueClient results = Queue(GpuQueues.Results);
        QueueClient poison = Queue(GpuQueues.Results + "-poison");
        await results.CreateIfNotExistsAsync(cancellationToken: guard.Token);
        await poison.CreateIfNotExistsAsync(cancellationToken: guard.Token);
        await results.SendMessageAsync(body, guard.Token);

        while (true)
        {
            PeekedMessage[] poisoned = (await poison.PeekMessagesAsync(32, guard.Token)).Value;
            if (poisoned.FirstOrDefault(m => m.Body.ToString().Contains(jobId, StringComparison.Ordinal)) is { } found)
            {
                Assert.Equal(body, found.Body.ToString());
                break;
            }

            await Task.Delay(500, guard.Token);
        }

        PeekedMessage[] left = (await results.PeekMessagesAsync(32, guard.Token)).Value;
        Assert.DoesNotContain(left, m => m.Body.ToString().Contains(jobId, StringComparison.Ordinal));
    }
}
