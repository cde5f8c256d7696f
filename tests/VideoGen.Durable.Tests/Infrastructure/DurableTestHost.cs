using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>
/// One engine process in miniature: its own service provider, worker and client, on a task hub of the shared
/// Azurite. Several may run on one hub at once (scale-out), and a test may wrap the storage seam of one of them
/// (fault injection). Settings default to quick recovery: 3 s visibility timeouts, 200 ms polling.
/// </summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly IHost _host;
    private readonly ITestOutputHelper? _output;
    private int _disposed;

    private DurableTestHost(IHost host, string hubName, string name, ITestOutputHelper? output)
    {
        _host = host;
        _output = output;
        HubName = hubName;
        Name = name;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The task hub this host works on.</summary>
    public string HubName { get; }

    /// <summary>A label for log lines (several hosts may share a test's output).</summary>
    public string Name { get; }

    /// <summary>The host's client (it goes through the same, possibly decorated, storage as its worker).</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a host on a fresh task hub of its own.</summary>
    public static Task<DurableTestHost> StartAsync(
        AzuriteFixture azurite, ITestOutputHelper output, Action<DurableTaskRegistry> register, Action<DurableTaskOptions>? configure = null)
        => StartAsync(azurite.ConnectionString, Unique.HubName("t"), register, configure, output: output);

    /// <summary>Builds and starts a host; the registrations are the "deployed code" of this process.</summary>
    /// <param name="connectionString">Azurite's connection string.</param>
    /// <param name="hubName">The task hub; a second host on the same name joins the same hub.</param>
    /// <param name="register">Orchestrators and activities.</param>
    /// <param name="configure">Adjusts the test defaults.</param>
    /// <param name="decorate">Wraps this host's storage seam (fault injection).</param>
    /// <param name="output">Receives the engine's warnings and errors.</param>
    /// <param name="name">Label for log lines.</param>
    /// <param name="logEnabled">Mutes the log when false (a crashed host's death throes are noise).</param>
    public static async Task<DurableTestHost> StartAsync(
        string connectionString,
        string hubName,
        Action<DurableTaskRegistry> register,
        Action<DurableTaskOptions>? configure = null,
        Func<IDurableStorage, IDurableStorage>? decorate = null,
        ITestOutputHelper? output = null,
        string name = "host",
        Func<bool>? logEnabled = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (output is not null)
        {
            builder.Logging.AddProvider(new XunitLoggerProvider(output, name, logEnabled));
        }

        builder.Services.AddDurableTask(
            o =>
            {
                o.StorageConnectionString = connectionString;
                o.HubName = hubName;
                o.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(3);
                o.WorkItemVisibilityTimeout = TimeSpan.FromSeconds(3);
                o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
                o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                configure?.Invoke(o);
            },
            register);
        if (decorate is not null)
        {
            builder.Services.DecorateDurableStorage((_, inner) => decorate(inner));
        }

        IHost host = builder.Build();
        try
        {
            using var cts = new CancellationTokenSource(TestTimeouts.Default);
            await host.StartAsync(cts.Token);
            return new DurableTestHost(host, hubName, name, output);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops the worker (bounded) and disposes the provider. Failures to stop are logged, not thrown: a host
    /// whose storage was made to "crash" cannot stop cleanly, and a throw here would hide the test's own verdict.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(StopTimeout);
            await _host.StopAsync(cts.Token).WaitAsync(StopTimeout + TimeSpan.FromSeconds(5));
        }
        catch (Exception ex)
        {
            Log($"[{Name}] stop failed: {ex.GetType().Name}: {ex.Message}");
        }

        try
        {
            if (_host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().AsTask().WaitAsync(StopTimeout);
            }
            else
            {
                _host.Dispose();
            }
        }
        catch (Exception ex)
        {
            Log($"[{Name}] dispose failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Log(string line)
    {
        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has already finished.
        }
    }
}
