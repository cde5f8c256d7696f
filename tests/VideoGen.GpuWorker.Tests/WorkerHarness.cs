using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoGen.Contracts.Gpu;
using VideoGen.Inference;
using VideoGen.Inference.ReferenceModels;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

/// <summary>One worker (its own DI container, session cache and counters) over a test's own queues and container.</summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    public const int Width = 32;
    public const int Height = 24;
    public const int ProductWidth = 16;
    public const int ProductHeight = 12;
    public const string ProductBlob = "inputs/product.rgba";

    private static readonly Lazy<string> SharedModels = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("videogen-gpuworker-models-").FullName;
        ReferenceModelSet.WriteAll(folder);
        return Path.Combine(folder, ReferenceModelSet.ManifestFileName);
    });

    private readonly ServiceProvider _services;

    public WorkerHarness(TestScope scope, Action<GpuWorkerOptions>? configure = null, string? manifestPath = null, IChunkProgressObserver? observer = null)
    {
        Scope = scope;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddInference(o =>
        {
            o.ManifestPath = manifestPath ?? ModelsManifest;
            o.ExecutionProvider = ExecutionProviderPreference.Cpu;
            o.IntraOpThreads = 1;
        });
        services.AddGpuWorker(o =>
        {
            o.StorageConnectionString = scope.ConnectionString;
            o.QueueNamePrefix = scope.QueuePrefix;
            o.CheckpointFrames = 4;
            o.MaxBatchJobs = 4;
            o.VisibilityTimeout = TimeSpan.FromSeconds(30);
            o.RetryDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        }, addHostedService: false);
        if (observer is not null)
        {
            services.AddSingleton(observer);
        }
        _services = services.BuildServiceProvider();
        Processor = _services.GetRequiredService<GpuJobProcessor>();
        Counters = _services.GetRequiredService<WorkerCounters>();
    }

    /// <summary>The manifest of the reference models, written once per test run.</summary>
    public static string ModelsManifest => SharedModels.Value;

    public TestScope Scope { get; }

    public GpuJobProcessor Processor { get; }

    public WorkerCounters Counters { get; }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}

/// <summary>A test's own queue prefix and blob container on the shared Azurite, with helpers to send and read.</summary>
internal sealed class TestScope
{
    private TestScope(string connectionString, HttpPipelineTransport? transport)
    {
        ConnectionString = connectionString;
        QueuePrefix = Unique.HubName("q").ToLowerInvariant() + "-";
        ContainerName = Unique.HubName("c").ToLowerInvariant();
        var queues = transport is null ? new QueueServiceClient(ConnectionString) : new QueueServiceClient(ConnectionString, new QueueClientOptions { Transport = transport });
        Interactive = queues.GetQueueClient(QueuePrefix + GpuQueues.Interactive);
        Batch = queues.GetQueueClient(QueuePrefix + GpuQueues.Batch);
        Results = queues.GetQueueClient(QueuePrefix + GpuQueues.Results);
        Poison = queues.GetQueueClient(QueuePrefix + GpuQueues.Poison);
        Container = (transport is null ? new BlobServiceClient(ConnectionString) : new BlobServiceClient(ConnectionString, new BlobClientOptions { Transport = transport }))
            .GetBlobContainerClient(ContainerName);
    }

    public string ConnectionString { get; }

    public string QueuePrefix { get; }

    public string ContainerName { get; }

    public QueueClient Interactive { get; }

    public QueueClient Batch { get; }

    public QueueClient Results { get; }

    public QueueClient Poison { get; }

    public BlobContainerClient Container { get; }

    public static async Task<TestScope> CreateAsync(AzuriteFixture azurite)
    {
        var scope = For(azurite.ConnectionString);
        await scope.InitializeAsync();
        return scope;
    }

    /// <summary>
    /// A scope on <paramref name="connectionString"/>, nothing created yet (storage need not run yet);
    /// <paramref name="transport"/> replaces the SDK's HTTP transport (e.g. one trusting a test certificate).
    /// </summary>
    public static TestScope For(string connectionString, HttpPipelineTransport? transport = null) => new(connectionString, transport);

    /// <summary>Creates the queues and the container and uploads the product photo.</summary>
    public async Task InitializeAsync()
    {
        foreach (var queue in new[] { Interactive, Batch, Results, Poison })
        {
            await queue.CreateIfNotExistsAsync();
        }
        await Container.CreateIfNotExistsAsync();
        await Container.GetBlobClient(WorkerHarness.ProductBlob).UploadAsync(new BinaryData(TestData.ProductRgba()), overwrite: true);
    }

    public async Task SendAsync(GpuJob job) =>
        await (job.Tier == GpuTier.Batch ? Batch : Interactive).SendMessageAsync(GpuJson.Serialize(job));

    public async Task<List<GpuJobResult>> ReceiveResultsAsync()
    {
        var messages = await Results.ReceiveMessagesAsync(32);
        return [.. messages.Value.Select(m => GpuJson.Deserialize<GpuJobResult>(m.Body.ToString()))];
    }

    public async Task<List<GpuPoisonMessage>> ReceivePoisonAsync()
    {
        var messages = await Poison.ReceiveMessagesAsync(32);
        return [.. messages.Value.Select(m => GpuJson.Deserialize<GpuPoisonMessage>(m.Body.ToString()))];
    }

    /// <summary>The chunk's frames: its segments, read through its index, concatenated.</summary>
    public async Task<byte[]> ReadFramesAsync(string outputPrefix)
    {
        var index = await ReadIndexAsync(outputPrefix);
        using var all = new MemoryStream();
        foreach (var segment in index.Segments)
        {
            var content = await Container.GetBlobClient(segment.Blob).DownloadContentAsync();
            all.Write(content.Value.Content.ToArray());
        }
        return all.ToArray();
    }

    public async Task<GpuChunkIndex> ReadIndexAsync(string outputPrefix)
    {
        var content = await Container.GetBlobClient(GpuOutputLayout.IndexBlob(outputPrefix)).DownloadContentAsync();
        return GpuJson.Deserialize<GpuChunkIndex>(content.Value.Content.ToString());
    }
}
