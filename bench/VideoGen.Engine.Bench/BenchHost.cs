using System.Diagnostics;
using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using VideoGen.DurableHost;

namespace VideoGen.Engine.Bench;

/// <summary>
/// One local durable host as the app composes it (<c>AddLocalDurableTask</c>: DTFx's TaskHubWorker over the Azure
/// Storage provider, the DurableTaskClient over the DTFx client), every storage request of it counted by
/// <see cref="RequestCounter"/>; and an outside client, <see cref="Observer"/>, as another process would have it (its
/// own provider instance, so none of the in-process wake-ups of the host's queues, and not counted).
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly AzureStorageOrchestrationService _observerService;
    private bool _started;

    private BenchHost(IHost host, AzureStorageOrchestrationService observerService, DurableHostOptions options, RequestCounter counter, CpuMeter cpu)
    {
        _host = host;
        _observerService = observerService;
        Options = options;
        Counter = counter;
        Cpu = cpu;
        Probe = host.Services.GetRequiredService<Probe>();
        Client = host.Services.GetRequiredService<DurableTaskClient>();
        Observer = new DtfxDurableTaskClient(observerService, JsonDataConverter.Default, options);
    }

    public DurableHostOptions Options { get; }

    /// <summary>Every storage request of the host (worker and <see cref="Client"/>; not <see cref="Observer"/>).</summary>
    public RequestCounter Counter { get; }

    public CpuMeter Cpu { get; }

    public Probe Probe { get; }

    /// <summary>The host's own client (shares the worker's provider, as the app's HTTP and queue handlers do).</summary>
    public DurableTaskClient Client { get; }

    /// <summary>A client in another "process": its own provider instance, no in-process wake-up of the host's pollers, not counted.</summary>
    public DurableTaskClient Observer { get; }

    /// <summary>Builds the host (not started) and the outside client, and creates the task hub through the latter.</summary>
    public static async Task<BenchHost> CreateAsync(string connectionString, (int Blob, int Queue, int Table) ports, DurableHostOptions options, CpuMeter cpu)
    {
        options.Validate();
        var counter = new RequestCounter(ports.Blob, ports.Queue, ports.Table);
        StorageEndpoints plain = StorageEndpoints.FromConnectionString(connectionString);
        StorageEndpoints counted = plain.WithPipelinePolicy(counter);

        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging);
        builder.Services.AddSingleton(new Probe(counter));
        builder.Services.AddLocalDurableTask(counted, o => options.CopyTo(o), Workflows.Register);
        IHost host = builder.Build();

        AzureStorageOrchestrationService observer = DurableHostServiceCollectionExtensions.CreateService(plain, options);
        await observer.CreateIfNotExistsAsync().ConfigureAwait(false);
        return new BenchHost(host, observer, options, counter, cpu);
    }

    /// <summary>Starts the host and returns once its worker runs; the Stopwatch timestamp of the start call.</summary>
    public async Task<long> StartAsync(CancellationToken ct)
    {
        long t0 = Stopwatch.GetTimestamp();
        await _host.StartAsync(ct).ConfigureAwait(false);
        _started = true;
        DurableHostReadiness ready = _host.Services.GetRequiredService<DurableHostReadiness>();
        while (!ready.IsReady)
        {
            await Task.Delay(10, ct).ConfigureAwait(false);
        }

        Report.Note($"host started; worker ready after {Stats.Ms(t0, Stopwatch.GetTimestamp()):0} ms");
        return t0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                await _host.StopAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Report.Note("host did not stop within 30 s");
            }

            Report.Note($"host stopped in {Stats.Ms(t0, Stopwatch.GetTimestamp()):0} ms");
        }

        _host.Dispose();
        _observerService.Dispose();
    }

    /// <summary>Engine warnings and errors go to standard error; standard output carries only figures.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Enum.TryParse(Environment.GetEnvironmentVariable("BENCH_LOG_LEVEL"), out LogLevel level) ? level : LogLevel.Warning);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
