using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoGen.Contracts.Gpu;
using VideoGen.Inference;

namespace VideoGen.GpuWorker.Tests;

/// <summary>Starts one <see cref="HttpsAzurite"/> for the identity process tests.</summary>
public sealed class HttpsAzuriteFixture : IAsyncLifetime
{
    private HttpsAzurite? _azurite;

    internal HttpsAzurite Azurite => _azurite ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _azurite = await HttpsAzurite.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>
/// The worker as a real process on the identity-based settings infra/modules/gpuworker.bicep sets
/// (<c>GpuWorker__Storage__*</c>, <c>AZURE_CLIENT_ID</c>, no connection string), with the real Azure.Identity
/// <c>ManagedIdentityCredential</c> talking to a stand-in of the Container Apps identity endpoint
/// (<c>IDENTITY_ENDPOINT</c>/<c>IDENTITY_HEADER</c>) and to Azurite over HTTPS with OAuth. The deadlines only stop a hung
/// worker from hanging the run; nothing here measures time.
/// </summary>
public sealed partial class IdentityStorageProcessTests(HttpsAzuriteFixture fixture) : IClassFixture<HttpsAzuriteFixture>
{
    // Azure.Identity retries a refused token request for about 25 s before an attempt fails; on a loaded machine more.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(4);
    private const string ClientId = "5a0c1e2d-3b4f-4a6e-9c8d-7f1e2d3c4b5a";

    private static Dictionary<string, string> IdentitySettings(Uri blob, Uri queue, FakeIdentityEndpoint identity, string certificateFile) => new()
    {
        ["GpuWorker__Storage__blobServiceUri"] = blob.ToString(),
        ["GpuWorker__Storage__queueServiceUri"] = queue.ToString(),
        ["GpuWorker__Storage__credential"] = "managedidentity",
        ["GpuWorker__Storage__clientId"] = ClientId,
        ["AZURE_CLIENT_ID"] = ClientId,
        ["IDENTITY_ENDPOINT"] = identity.Endpoint,
        ["IDENTITY_HEADER"] = identity.Header,
        ["SSL_CERT_FILE"] = certificateFile, // trust the test certificate (and nothing else: no other host is called)
        ["GpuWorker__StorageWaitMax"] = "00:00:01",
    };

    [Fact]
    public async Task IdentityEndpointNotUpYet_WaitsNotReady_ThenGetsATokenAndProcessesAJob()
    {
        var azurite = fixture.Azurite;
        var scope = TestScope.For(azurite.ConnectionString, azurite.Transport);
        using var identity = new FakeIdentityEndpoint(); // not listening yet
        using var worker = WorkerProcess.Start(null, scope.QueuePrefix, TimeSpan.FromSeconds(30), 4,
            IdentitySettings(azurite.BlobEndpoint, azurite.QueueEndpoint, identity, azurite.CertificateFile));

        // No token yet: the worker stays up, not ready, and says the identity endpoint is what it waits for.
        await WaitForOutputAsync(worker, o => TokenNotReady().IsMatch(o), "a no-token-yet warning");
        Assert.False(worker.HasExited, worker.Output);
        Assert.Contains($"ManagedIdentityCredential (user-assigned, client id {ClientId}) got no token yet for storage at {azurite.QueueEndpoint}", worker.Output, StringComparison.Ordinal);
        Assert.Contains("Connection refused", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Storage ready", worker.Output, StringComparison.Ordinal);

        identity.Start();

        await WaitForOutputAsync(worker, o => o.Contains("Storage ready after", StringComparison.Ordinal), "the storage-ready line");
        Assert.Contains($"queues at {azurite.QueueEndpoint}, blobs at {azurite.BlobEndpoint} (ManagedIdentityCredential (user-assigned, client id {ClientId}))",
            worker.Output, StringComparison.Ordinal);
        Assert.Contains(identity.Requests, q => q.Contains($"client_id={ClientId}", StringComparison.Ordinal) && q.Contains("resource=https://storage.azure.com", StringComparison.Ordinal));
        foreach (var queue in new[] { scope.Interactive, scope.Batch, scope.Results, scope.Poison })
        {
            Assert.True((await queue.ExistsAsync()).Value, $"the worker did not create {queue.Name}");
        }

        // A job sent and a result read with a shared key: the identity form's messages are the same plain JSON.
        await scope.InitializeAsync();
        await scope.SendAsync(TestData.Job(scope, "job-with-identity", frames: 4));
        var result = await WaitForResultAsync(scope, worker);
        Assert.Equal((GpuJobStatus.Succeeded, "job-with-identity", 4), (result.Status, result.JobId, result.Frames));
        Assert.Equal(TestData.DirectRun(4), await scope.ReadFramesAsync("renders/job-with-identity"));

        await worker.TerminateAsync(Guard);
        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}: {worker.Output}");
    }

    [Fact]
    public async Task SigtermWhileAskingForAToken_ExitsZero()
    {
        var azurite = fixture.Azurite;
        using var identity = new FakeIdentityEndpoint(); // never listens: the token request keeps retrying
        using var worker = WorkerProcess.Start(null, "token-wait-", TimeSpan.FromSeconds(30), 4,
            IdentitySettings(azurite.BlobEndpoint, azurite.QueueEndpoint, identity, azurite.CertificateFile));
        await WaitForOutputAsync(worker, o => o.Contains("Application started", StringComparison.Ordinal), "the host start"); // the wait begins

        await worker.TerminateAsync(Guard);

        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}: {worker.Output}");
        Assert.DoesNotContain("Storage ready", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageRefusesTheToken_ExitsWithCode1_NamingThe403AndTheRoles()
    {
        var azurite = fixture.Azurite;
        using var identity = new FakeIdentityEndpoint { Audience = "https://vault.azure.net" }; // a token storage does not accept
        identity.Start();
        using var worker = WorkerProcess.Start(null, "refused-token-", TimeSpan.FromSeconds(30), 4,
            IdentitySettings(azurite.BlobEndpoint, azurite.QueueEndpoint, identity, azurite.CertificateFile));

        await worker.WaitForExitAsync(Guard);

        var log = worker.Output;
        Assert.True(worker.ExitCode == 1, $"exit code {worker.ExitCode}: {log}");
        Assert.Contains($"Storage at {azurite.QueueEndpoint} refused the GPU worker (HTTP 403", log, StringComparison.Ordinal);
        Assert.Contains("Storage Queue Data Contributor", log, StringComparison.Ordinal);
        Assert.Contains("Not retried", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Not ready", log, StringComparison.Ordinal);
        Assert.NotEmpty(identity.Requests);
    }

    [Fact]
    public async Task IdentityEndpointRefusesTheClientId_ExitsWithCode1_NamingTheCredential()
    {
        using var identity = new FakeIdentityEndpoint { Status = 400 };
        identity.Start();
        // Nothing listens at these storage endpoints: the token fails first, so storage is never asked.
        var closed = new Uri("https://127.0.0.1:9/devstoreaccount1");
        using var worker = WorkerProcess.Start(null, "refused-id-", TimeSpan.FromSeconds(30), 4,
            IdentitySettings(closed, closed, identity, fixture.Azurite.CertificateFile));

        await worker.WaitForExitAsync(Guard);

        var log = worker.Output;
        Assert.True(worker.ExitCode == 1, $"exit code {worker.ExitCode}: {log}");
        Assert.Contains($"ManagedIdentityCredential (user-assigned, client id {ClientId}) could not get a token for storage at {closed}", log, StringComparison.Ordinal);
        Assert.Contains("HTTP 400 from the identity endpoint", log, StringComparison.Ordinal);
        Assert.Contains("GpuWorker:Storage:clientId", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Not ready", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncompleteIdentitySettings_ExitWithCode2_NamingTheMissingKey()
    {
        using var worker = WorkerProcess.Start(null, "incomplete-", TimeSpan.FromSeconds(30), 4, new Dictionary<string, string>
        {
            ["GpuWorker__Storage__blobServiceUri"] = "https://videogenst.blob.core.windows.net/",
            ["GpuWorker__Storage__credential"] = "managedidentity",
        });

        await worker.WaitForExitAsync(Guard);

        Assert.True(worker.ExitCode == 2, $"exit code {worker.ExitCode}: {worker.Output}");
        Assert.Contains("GPU worker not started, invalid configuration: GpuWorker:Storage:queueServiceUri is missing", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenFailureMidJob_ReleasesTheJobForRetry_ThenItResumesFromItsCheckpoint()
    {
        // In process: the worker's clients on identity settings over HTTPS, with a credential that fails once after
        // the first checkpoint (as a managed identity endpoint that is briefly away when a token is due).
        var azurite = fixture.Azurite;
        var scope = TestScope.For(azurite.ConnectionString, azurite.Transport);
        await scope.InitializeAsync();
        var credential = new FlakyCredential();
        var options = new GpuWorkerOptions();
        options.Storage.BlobServiceUri = azurite.BlobEndpoint.ToString();
        options.Storage.QueueServiceUri = azurite.QueueEndpoint.ToString();
        var factory = new StorageClientFactory(options, credential);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddInference(o =>
        {
            o.ManifestPath = WorkerHarness.ModelsManifest;
            o.ExecutionProvider = ExecutionProviderPreference.Cpu;
            o.IntraOpThreads = 1;
        });
        services.AddSingleton(factory.CreateQueueServiceClient(o => o.Transport = azurite.Transport));
        services.AddSingleton(factory.CreateBlobServiceClient(o => o.Transport = azurite.Transport));
        services.AddSingleton<IChunkProgressObserver>(new FailNextTokenAt(credential, framesDone: 4));
        services.AddGpuWorker(o =>
        {
            o.Storage.BlobServiceUri = options.Storage.BlobServiceUri;
            o.Storage.QueueServiceUri = options.Storage.QueueServiceUri;
            o.QueueNamePrefix = scope.QueuePrefix;
            o.CheckpointFrames = 4;
            o.MaxBatchJobs = 1;
            o.VisibilityTimeout = TimeSpan.FromMinutes(10); // no renewal asks for a token in between
            o.RetryDelay = TimeSpan.Zero;
        }, addHostedService: false);
        await using var provider = services.BuildServiceProvider();
        var processor = provider.GetRequiredService<GpuJobProcessor>();
        var counters = provider.GetRequiredService<WorkerCounters>();
        await scope.SendAsync(TestData.Job(scope, "job-token-blip", frames: 8));

        using var guard = new CancellationTokenSource(Guard);
        Assert.Equal(1, await processor.PollOnceAsync(guard.Token)); // checkpoint at 4, then no token: released
        Assert.Equal(1, credential.Failures);
        Assert.Equal(1, counters.MessagesReleased);
        Assert.Empty(await scope.ReceiveResultsAsync());
        Assert.Equal(4, (await scope.ReadIndexAsync("renders/job-token-blip")).FramesDone);

        while (await processor.PollOnceAsync(guard.Token) == 0) // the released message is visible again at once
        {
            await Task.Delay(100, guard.Token);
        }

        var result = Assert.Single(await scope.ReceiveResultsAsync());
        Assert.Equal((GpuJobStatus.Succeeded, 8), (result.Status, result.Frames));
        Assert.Equal(TestData.DirectRun(8), await scope.ReadFramesAsync("renders/job-token-blip"));
        Assert.Equal(12, counters.FramesRendered); // 4, then 4 (dropped), then 4 after the resume
    }

    /// <summary>
    /// Returns a JWT Azurite accepts, marked as already expired so every request asks again; throws
    /// <see cref="AuthenticationFailedException"/> once when told to.
    /// </summary>
    private sealed class FlakyCredential : TokenCredential
    {
        private int _failNext;
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public void FailNext() => Interlocked.Exchange(ref _failNext, 1);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _failNext, 0) == 1)
            {
                Interlocked.Increment(ref _failures);
                throw new AuthenticationFailedException("ManagedIdentityCredential authentication failed: the identity endpoint is away (test).");
            }
            var now = DateTimeOffset.UtcNow;
            return new AccessToken(FakeIdentityEndpoint.Jwt("https://storage.azure.com", now.ToUnixTimeSeconds()), now.AddMinutes(-1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    private sealed class FailNextTokenAt(FlakyCredential credential, int framesDone) : IChunkProgressObserver
    {
        public void OnCheckpoint(GpuJob job, int done)
        {
            if (done == framesDone)
            {
                credential.FailNext();
            }
        }
    }

    private static async Task WaitForOutputAsync(WorkerProcess worker, Func<string, bool> condition, string what)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (!condition(worker.Output))
        {
            Assert.False(worker.HasExited, $"the worker exited (code {(worker.HasExited ? worker.ExitCode : 0)}) before {what}: {worker.Output}");
            Assert.False(guard.IsCancellationRequested, $"no {what} (hang guard): {worker.Output}");
            await Task.Delay(100);
        }
    }

    private static async Task<GpuJobResult> WaitForResultAsync(TestScope scope, WorkerProcess worker)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            Assert.False(worker.HasExited, $"the worker exited: {worker.Output}");
            Assert.False(guard.IsCancellationRequested, $"no result (hang guard): {worker.Output}");
            if (await scope.ReceiveResultsAsync() is { Count: > 0 } results)
            {
                return Assert.Single(results);
            }
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("Not ready: ManagedIdentityCredential .* got no token yet for storage at ")]
    private static partial Regex TokenNotReady();
}
