using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VideoGen.Contracts.Gpu;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

/// <summary>
/// Start-up before storage is reachable, as a real process: the worker waits (not ready) and starts when storage comes;
/// SIGTERM ends the wait with exit code 0; refused credentials and a malformed connection string fail at once. The
/// deadlines only stop a hung worker from hanging the run; nothing here measures time.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class StorageStartupProcessTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ResultGuard = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task StartedBeforeAzurite_WaitsNotReady_ThenCreatesItsQueuesAndProcessesAJob()
    {
        var ports = AzuritePorts();
        var connectionString = AzuriteProcess.ConnectionStringFor(ports.Blob, ports.Queue, ports.Table);
        var scope = TestScope.For(connectionString);
        using var worker = WorkerProcess.Start(connectionString, scope.QueuePrefix, TimeSpan.FromSeconds(30), 4,
            new Dictionary<string, string> { ["GpuWorker__StorageWaitMax"] = "00:00:01" });

        // Nothing listens yet: the worker stays up, says it is not ready and names the queue endpoint, again and again.
        await WaitForOutputAsync(worker, o => NotReady().Count(o) >= 3, "three not-ready warnings");
        Assert.False(worker.HasExited, worker.Output);
        Assert.DoesNotContain("Storage ready", worker.Output, StringComparison.Ordinal);
        Assert.Contains($"storage not reachable yet at http://127.0.0.1:{ports.Queue}/devstoreaccount1", worker.Output, StringComparison.Ordinal);

        await using var storage = await AzuriteProcess.StartAsync(ports.Blob, ports.Queue, ports.Table);

        await WaitForOutputAsync(worker, o => ReadyAfter().IsMatch(o), "the storage-ready line");
        var attempts = int.Parse(ReadyAfter().Match(worker.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(attempts >= 4, worker.Output);
        foreach (var queue in new[] { scope.Interactive, scope.Batch, scope.Results, scope.Poison })
        {
            Assert.True((await queue.ExistsAsync()).Value, $"the worker did not create {queue.Name}");
        }

        await scope.InitializeAsync(); // the container and product photo of the job (the queues exist already)
        await scope.SendAsync(TestData.Job(scope, "job-after-storage", frames: 4));
        var result = await WaitForResultAsync(scope, worker);
        Assert.Equal((GpuJobStatus.Succeeded, "job-after-storage", 4), (result.Status, result.JobId, result.Frames));

        await worker.TerminateAsync(Guard);
        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}: {worker.Output}");
    }

    [Fact]
    public async Task SigtermWhileWaitingForStorage_ExitsZero()
    {
        var ports = AzuritePorts();
        using var worker = WorkerProcess.Start(AzuriteProcess.ConnectionStringFor(ports.Blob, ports.Queue, ports.Table), "wait-", TimeSpan.FromSeconds(30), 4);
        await WaitForOutputAsync(worker, o => NotReady().IsMatch(o), "a not-ready warning");

        await worker.TerminateAsync(Guard);

        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}: {worker.Output}");
        Assert.DoesNotContain("Storage ready", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongAccountKey_FailsFastWithExitCode1_NamingTheRefusal()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connectionString = azurite.ConnectionString.Replace(AzuriteProcess.AccountKey, wrongKey, StringComparison.Ordinal);
        Assert.NotEqual(azurite.ConnectionString, connectionString);
        using var worker = WorkerProcess.Start(connectionString, "refused-", TimeSpan.FromSeconds(30), 4);

        await worker.WaitForExitAsync(Guard);

        var log = worker.Output;
        Assert.True(worker.ExitCode == 1, $"exit code {worker.ExitCode}: {log}");
        Assert.Contains($"Storage at http://127.0.0.1:{azurite.QueuePort}/devstoreaccount1 refused the GPU worker (HTTP 403", log, StringComparison.Ordinal);
        Assert.Contains("Not retried", log, StringComparison.Ordinal);
        Assert.False(NotReady().IsMatch(log), log); // no waiting on a refusal
        Assert.DoesNotContain(wrongKey, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedConnectionString_ExitsWithCode2_NamingTheSetting()
    {
        using var worker = WorkerProcess.Start("AccountName=devstoreaccount1;this is not a setting", "bad-", TimeSpan.FromSeconds(30), 4);

        await worker.WaitForExitAsync(Guard);

        Assert.True(worker.ExitCode == 2, $"exit code {worker.ExitCode}: {worker.Output}");
        Assert.Contains("GPU worker not started, invalid configuration: GpuWorker:StorageConnectionString is not a usable Azure Storage connection string",
            worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", worker.Output, StringComparison.Ordinal);
    }

    /// <summary>Free loopback ports for an Azurite that is not running yet.</summary>
    private static (int Blob, int Queue, int Table) AzuritePorts() => AzuriteProcess.PickFreePorts();

    private static async Task WaitForOutputAsync(WorkerProcess worker, Func<string, bool> condition, string what)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (!condition(worker.Output))
        {
            Assert.False(worker.HasExited, $"the worker exited (code {(worker.HasExited ? worker.ExitCode : 0)}) before {what}: {worker.Output}");
            Assert.False(guard.IsCancellationRequested, $"no {what} (hang guard): {worker.Output}");
            await Task.Delay(50);
        }
    }

    private static async Task<GpuJobResult> WaitForResultAsync(TestScope scope, WorkerProcess worker)
    {
        using var guard = new CancellationTokenSource(ResultGuard);
        while (true)
        {
            Assert.False(worker.HasExited, $"the worker exited: {worker.Output}");
            Assert.False(guard.IsCancellationRequested, $"no result (hang guard): {worker.Output}");
            if (await scope.ReceiveResultsAsync() is { Count: > 0 } results)
            {
                return Assert.Single(results);
            }
            await Task.Delay(50);
        }
    }

    [GeneratedRegex("Not ready: storage not reachable yet at ")]
    private static partial Regex NotReady();

    [GeneratedRegex(@"Storage ready after (\d+) attempt\(s\)")]
    private static partial Regex ReadyAfter();
}

/// <summary>The start-up wait's pieces without processes: error classification, back-off, options.</summary>
public sealed class StorageStartupTests
{
    [Theory]
    [InlineData(0, true)]    // no response: refused, reset, DNS
    [InlineData(408, true)]
    [InlineData(409, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    public void IsTransient_ByStatus(int status, bool transient)
    {
        var error = new RequestFailedException(status, "x");
        Assert.Equal(transient, StorageStartup.IsTransient(error));
        Assert.Equal(transient, StorageStartup.IsTransient(new AggregateException(new RequestFailedException(0, "refused"), error)));
    }

    [Fact]
    public void IsTransient_NetworkErrorsAndTimeoutsWait_OtherErrorsDoNot()
    {
        Assert.True(StorageStartup.IsTransient(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(StorageStartup.IsTransient(new SocketException((int)SocketError.HostNotFound)));
        Assert.True(StorageStartup.IsTransient(new TaskCanceledException("network timeout")));
        Assert.True(StorageStartup.IsTransient(new IOException("reset")));
        Assert.False(StorageStartup.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(StorageStartup.IsTransient(new AggregateException()));
    }

    [Fact]
    public void Describe_NamesStatusAndCode_OrTheFirstLine()
    {
        Assert.Equal("HTTP 403 AuthenticationFailed", StorageStartup.Describe(new RequestFailedException(403, "Server failed\nmore", "AuthenticationFailed", null)));
        Assert.Equal("Connection refused (127.0.0.1:1)", StorageStartup.Describe(new RequestFailedException("Connection refused (127.0.0.1:1)")));
        Assert.Equal("TaskCanceledException: timed out", StorageStartup.Describe(new TaskCanceledException("timed out\nstack")));
    }

    [Fact]
    public void Backoff_DoublesFromMinToMax_WithJitterOfHalfToWhole()
    {
        var min = TimeSpan.FromMilliseconds(250);
        var max = TimeSpan.FromSeconds(10);
        Assert.Equal(min, StorageStartup.Backoff(1, min, max, 1.0));
        Assert.Equal(min, StorageStartup.Backoff(1, min, max, 0.0)); // never below the minimum
        Assert.Equal(TimeSpan.FromMilliseconds(500), StorageStartup.Backoff(2, min, max, 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), StorageStartup.Backoff(3, min, max, 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(500), StorageStartup.Backoff(3, min, max, 0.0));
        Assert.Equal(max, StorageStartup.Backoff(7, min, max, 1.0));
        Assert.Equal(max, StorageStartup.Backoff(int.MaxValue, min, max, 1.0));
        Assert.Equal(max / 2, StorageStartup.Backoff(1000, min, max, 0.0));
    }

    [Fact]
    public void Options_MalformedConnectionStringOrWaitRange_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddGpuWorker(o =>
        {
            o.StorageConnectionString = "AccountName=devstoreaccount1;AccountKey=not base64!;DefaultEndpointsProtocol=http";
            o.StorageWaitMin = TimeSpan.FromSeconds(20);
            o.StorageWaitMax = TimeSpan.FromSeconds(10);
        }, addHostedService: false);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GpuWorkerOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("GpuWorker:StorageConnectionString is not a usable Azure Storage connection string", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("StorageWaitMin", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("not base64!", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_Defaults_AreValid_WithTheWaitFromQuarterSecondToTenSeconds()
    {
        var options = new GpuWorkerOptions { StorageConnectionString = "UseDevelopmentStorage=true" };
        Assert.Empty(options.Validate());
        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10)), (options.StorageWaitMin, options.StorageWaitMax));
    }
}
