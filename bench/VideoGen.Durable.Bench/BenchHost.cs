using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace VideoGen.Durable.Bench;

/// <summary>
/// One engine host (worker + client) with default settings except the hub name, its storage seam wrapped by
/// <see cref="CountingStorage"/>; and, for the idle-start figure, a client-only service provider standing in for a
/// separate process (it shares no in-process wake-up signal with the worker).
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchHost(IHost host, string connectionString, string hubName, StorageCounters counters, Probe probe)
    {
        _host = host;
        ConnectionString = connectionString;
        HubName = hubName;
        Counters = counters;
        Probe = probe;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public string ConnectionString { get; }

    public string HubName { get; }

    public StorageCounters Counters { get; }

    public Probe Probe { get; }

    /// <summary>The host's own client (shares the worker's storage, counters and wake-up signals).</summary>
    public DurableTaskClient Client { get; }

    public static async Task<BenchHost> StartAsync(string connectionString, string hubName, HttpRequestCounter http, CancellationToken ct)
    {
        var counters = new StorageCounters();
        var probe = new Probe(counters, http);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging);
        builder.Services.AddDurableTask(
            o =>
            {
                o.StorageConnectionString = connectionString;
                o.HubName = hubName;
            },
            r => Workflows.Register(r, probe));
        builder.Services.DecorateDurableStorage((_, inner) => new CountingStorage(inner, counters));

        IHost host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        return new BenchHost(host, connectionString, hubName, counters, probe);
    }

    /// <summary>A client in its own service provider: own storage clients, no worker, no shared signals.</summary>
    public ServiceProvider CreateSeparateClient()
    {
        var services = new ServiceCollection();
        services.AddLogging(ConfigureLogging);
        services.AddDurableTaskClient(o =>
        {
            o.StorageConnectionString = ConnectionString;
            o.HubName = HubName;
            o.RunWorker = false;
        });
        return services.BuildServiceProvider();
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
