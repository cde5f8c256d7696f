using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoGen.Contracts.Gpu;
using VideoGen.GpuWorker;
using VideoGen.Inference;
using VideoGen.Inference.ReferenceModels;

namespace VideoGen.Pipeline.Tests.Generation;

/// <summary>The real GPU worker (reference models, CPU ONNX Runtime) in-process on a test's queue prefix, polled by the test.</summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private static readonly Lazy<string> Models = new(() =>
    {
        string folder = Directory.CreateTempSubdirectory("videogen-generation-models-").FullName;
        ReferenceModelSet.WriteAll(folder);
        return Path.Combine(folder, ReferenceModelSet.ManifestFileName);
    });

    private readonly ServiceProvider _services;
    private readonly GpuJobProcessor _processor;
    private readonly QueueClient _results;

    public InProcessWorker(string connectionString, string queuePrefix)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddInference(o =>
        {
            o.ManifestPath = Models.Value;
            o.ExecutionProvider = ExecutionProviderPreference.Cpu;
            o.IntraOpThreads = 1;
        });
        services.AddGpuWorker(o =>
        {
            o.StorageConnectionString = connectionString;
            o.QueueNamePrefix = queuePrefix;
            o.CheckpointFrames = 8;
            o.MaxBatchJobs = 4;
            o.VisibilityTimeout = TimeSpan.FromSeconds(60);
            o.RetryDelay = TimeSpan.Zero;
        }, addHostedService: false);
        _services = services.BuildServiceProvider();
        _processor = _services.GetRequiredService<GpuJobProcessor>();
        _results = new QueueServiceClient(connectionString).GetQueueClient(queuePrefix + GpuQueues.Results);
    }

    /// <summary>Polls until every job in <paramref name="jobIds"/> has a result on <c>gpu-results</c>; returns them in the order given.</summary>
    public async Task<IReadOnlyList<GpuJobResult>> RenderAsync(IReadOnlyList<string> jobIds)
    {
        await _processor.EnsureQueuesAsync(CancellationToken.None);
        var found = new Dictionary<string, GpuJobResult>(StringComparer.Ordinal);
        for (int round = 0; round < 50 && found.Count < jobIds.Count; round++)
        {
            await _processor.PollOnceAsync(CancellationToken.None);
            foreach (var message in (await _results.ReceiveMessagesAsync(32)).Value)
            {
                var result = GpuJson.Deserialize<GpuJobResult>(message.Body.ToString());
                if (result.JobId is { } id && jobIds.Contains(id))
                {
                    found[id] = result;
                }

                await _results.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        Assert.Equal(jobIds.Count, found.Count);
        return [.. jobIds.Select(id => found[id])];
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
