using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace VideoGen.Durable.Bench;

/// <summary>
/// One engine host (worker + client) with default settings except the hub name, its storage seam wrapped by
/// <see cref="CountingStorage"/>; and an outside client, <see cref="Observer"/>, in its own service provider.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ServiceProvider _outside;

    private BenchHost(IHost host, ServiceProvider outside, StorageCounters counters, MeterCounters meters, CpuMeter cpu, Probe probe)
    {
        _host = host;
        _outside = outside;
        Counters = counters;
        Meters = meters;
        Cpu = cpu;
        Probe = probe;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
        Observer = outside.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>Calls the host makes through its storage seam (worker and <see cref="Client"/>; not <see cref="Observer"/>).</summary>
    public StorageCounters Counters { get; }

    /// <summary>Process-wide HTTP requests and the engine's episode metrics.</summary>
    public MeterCounters Meters { get; }

    /// <summary>CPU time of this process and of Azurite.</summary>
    public CpuMeter Cpu { get; }

    public Probe Probe { get; }

    /// <summary>The host's own client: shares the worker's storage, counters and in-process wake-up signals.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>
    /// A client as another process would have it: its own service provider and storage clients, no worker, no
    /// wake-up signal to the host, and not counted in <see cref="Counters"/>. The scenarios wait for completion
    /// through it, so their status reads never appear in the host's request counts; the idle-start scenario
    /// schedules through it.
    /// </summary>
    public DurableTaskClient Observer { get; }

    public static async Task<BenchHost> StartAsync(string connectionString, string hubName, MeterCounters meters, CpuMeter cpu, CancellationToken ct, Action<DurableTaskOptions>? configure = null)
    {
        var counters = new StorageCounters();
        var probe = new Probe(counters, meters);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging);
        builder.Services.AddDurableTask(
            o =>
            {
                o.StorageConnectionString = connectionString;
                o.HubName = hubName;
                configure?.Invoke(o);
            },
            r => Workflows.Register(r, probe));
        builder.Services.DecorateDurableStorage((_, inner) => new CountingStorage(inner, counters));

        IHost host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);

        var services = new ServiceCollection();
        services.AddLogging(ConfigureLogging);
        services.AddDurableTaskClient(o =>
        {
            o.StorageConnectionString = connectionString;
            o.HubName = hubName;
            o.RunWorker = false;
        });
        ServiceProvider outside = services.BuildServiceProvider();
        var bench = new BenchHost(host, outside, counters, meters, cpu, probe);

        // The outside client's first call checks the hub's resources and opens connections: done here, not in a figure.
        await bench.Observer.GetInstanceAsync("bench-warmup", false, ct).ConfigureAwait(false);
        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _host.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Report.Note("host did not stop within 15 s");
        }

        _host.Dispose();
        await _outside.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Engine warnings and errors go to standard error; standard output carries only figures.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
