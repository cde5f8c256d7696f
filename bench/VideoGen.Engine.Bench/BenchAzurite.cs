using System.Diagnostics;
using System.Globalization;
using VideoGen.Testing;

namespace VideoGen.Engine.Bench;

/// <summary>
/// The Azurite the bench measures against, private and on free loopback ports. By default it keeps its data in files
/// under <c>/dev/shm</c> (a RAM disk; the temp directory where there is none), not <c>--inMemoryPersistence</c>: the
/// in-memory store of Azurite 3.37 keeps every queue message in an extent of its own and its queue GC, every 60 s,
/// deletes those extents one by one on the single event loop that serves blob, queue and table, so after a few
/// thousand messages Azurite stops answering for tens of seconds (3000 messages: 30 s; `--azurite-gc-check`). The file
/// store packs messages into shared extents and sweeps them in milliseconds. <c>--azurite-memory</c> uses the
/// in-memory Azurite the tests use (<see cref="AzuriteProcess"/>).
/// </summary>
internal sealed class BenchAzurite : IAsyncDisposable
{
    private readonly AzuriteProcess? _memory;
    private readonly Process? _process;
    private readonly string? _location;

    private BenchAzurite(AzuriteProcess memory)
    {
        _memory = memory;
        ConnectionString = memory.ConnectionString;
        Ports = (memory.BlobPort, memory.QueuePort, memory.TablePort);
        ProcessId = memory.ProcessId;
        Describe = "in-memory (--inMemoryPersistence, as the tests run it)";
    }

    private BenchAzurite(Process process, string location, (int Blob, int Queue, int Table) ports)
    {
        _process = process;
        _location = location;
        Ports = ports;
        ConnectionString = AzuriteProcess.ConnectionStringFor(ports.Blob, ports.Queue, ports.Table);
        ProcessId = process.Id;
        Describe = $"file store in {location}";
    }

    public string ConnectionString { get; }

    public (int Blob, int Queue, int Table) Ports { get; }

    public int ProcessId { get; }

    public string Describe { get; }

    public static async Task<BenchAzurite> StartAsync(bool inMemory, CancellationToken ct)
    {
        if (inMemory)
        {
            return new BenchAzurite(await AzuriteProcess.StartAsync(ct).ConfigureAwait(false));
        }

        (int blob, int queue, int table) = AzuriteProcess.PickFreePorts();
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        string location = Path.Combine(root, $"videogen-bench-azurite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = location,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The same watchdog as AzuriteProcess: Azurite exits when this process's end of its standard input closes.
        string[] args =
        [
            "-e", "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();require(process.argv[1]);",
            RepoRoot.AzuriteLauncher, "--location", location, "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
            "--blobHost", AzuriteProcess.Host, "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
            "--queueHost", AzuriteProcess.Host, "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
            "--tableHost", AzuriteProcess.Host, "--tablePort", table.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                Report.Note($"azurite: {e.Data}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new BenchAzurite(process, location, (blob, queue, table));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        foreach (int port in new[] { blob, queue, table })
        {
            while (true)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    await azurite.DisposeAsync().ConfigureAwait(false);
                    throw new InvalidOperationException($"Azurite (file store) did not start on ports {blob}/{queue}/{table}.");
                }

                try
                {
                    using HttpResponseMessage _ = await http.GetAsync(new Uri($"http://{AzuriteProcess.Host}:{port}/{AzuriteProcess.AccountName}?comp=list"), ct).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
            }
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (_memory is not null)
        {
            await _memory.DisposeAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            if (!_process!.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }

            _process.Dispose();
        }
        finally
        {
            try
            {
                Directory.Delete(_location!, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }
}
