using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VideoGen.Testing;

/// <summary>
/// A private Azurite (Blob, Queue and Table) for one test collection, sample or benchmark: started from the
/// repository's pinned <c>node_modules/.bin/azurite</c> on three free loopback ports, in memory, with its own
/// temporary workspace. Usable without xunit; <see cref="AzuriteFixture"/> wraps it for test collections.
/// </summary>
/// <remarks>
/// <para>
/// Start-up picks three ports the OS reports free, launches Azurite with <c>--inMemoryPersistence
/// --skipApiVersionCheck --loose --silent --disableTelemetry</c>, and waits until each endpoint answers an HTTP
/// request (any status). If Azurite exits before that because a port was taken between the probe and the bind
/// (<c>EADDRINUSE</c>) it is started again on new ports, up to <see cref="MaxAttempts"/> times; any other early
/// exit fails at once.
/// The whole start has a budget of <see cref="StartTimeout"/>; errors carry the tail of Azurite's output.
/// </para>
/// <para>
/// Azurite runs under <c>node</c> with a few lines of watchdog in front that exit when its standard input reaches
/// end of file, that is when this .NET process goes away: a test host killed by a hang timeout does not leave an
/// orphaned Azurite behind. <see cref="DisposeAsync"/> kills the process tree and deletes the workspace.
/// </para>
/// </remarks>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The Azurite development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known, public Azurite development account key (not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Loopback address every service listens on.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>How many times start-up tries fresh ports when Azurite exits before it is ready.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Total time allowed for <see cref="StartAsync"/>, all attempts included.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private const int OutputTailLines = 40;

    // Keeps Azurite alive only while its standard input is open; then loads it as `node azurite.js ...` would.
    // Under `node -e`, process.argv is [node, <azurite launcher>, ...flags], the shape Azurite's parser expects.
    private const string WatchdogScript =
        "process.stdin.on('end',()=>process.exit(0));" +
        "process.stdin.on('error',()=>process.exit(0));" +
        "process.stdin.resume();" +
        "require(process.argv[1]);";

    private static readonly HttpClient Probe = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private readonly Process _process;
    private readonly OutputTail _output;
    private int _disposed;

    private AzuriteProcess(Process process, OutputTail output, Ports ports, string location, TimeSpan startupTime, int attempts)
    {
        _process = process;
        _output = output;
        BlobPort = ports.Blob;
        QueuePort = ports.Queue;
        TablePort = ports.Table;
        Location = location;
        StartupTime = startupTime;
        Attempts = attempts;
        ConnectionString = ConnectionStringFor(ports.Blob, ports.Queue, ports.Table);
    }

    /// <summary>Port of the Blob service on <see cref="Host"/>.</summary>
    public int BlobPort { get; }

    /// <summary>Port of the Queue service on <see cref="Host"/>.</summary>
    public int QueuePort { get; }

    /// <summary>Port of the Table service on <see cref="Host"/>.</summary>
    public int TablePort { get; }

    /// <summary>Blob service endpoint, e.g. <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => ServiceUri(BlobPort);

    /// <summary>Queue service endpoint.</summary>
    public Uri QueueEndpoint => ServiceUri(QueuePort);

    /// <summary>Table service endpoint.</summary>
    public Uri TableEndpoint => ServiceUri(TablePort);

    /// <summary>
    /// Full explicit storage connection string (protocol, account, key and the three endpoints), accepted by
    /// BlobServiceClient, QueueServiceClient and TableServiceClient.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Azurite's private temporary workspace, deleted on dispose. It is the process's working directory, which
    /// Azurite uses as its location: Azurite 3.37 refuses <c>--location</c> together with
    /// <c>--inMemoryPersistence</c> ("not supported when the --location option is set").
    /// </summary>
    public string Location { get; }

    /// <summary>Wall-clock time <see cref="StartAsync"/> took until all three endpoints answered.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>How many launches start-up needed (1 unless a port was taken in between).</summary>
    public int Attempts { get; }

    /// <summary>OS process id of the node process running Azurite.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the Azurite process has exited (after dispose, or if it crashed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines Azurite wrote to stdout and stderr, for diagnostics.</summary>
    public string OutputTailText => _output.Text;

    /// <summary>Starts Azurite on free loopback ports and returns once Blob, Queue and Table all answer.</summary>
    /// <exception cref="InvalidOperationException">
    /// The repository root or Azurite is missing (run <c>npm ci</c>), or Azurite kept exiting during start-up.
    /// </exception>
    /// <exception cref="TimeoutException">The endpoints did not answer within <see cref="StartTimeout"/>.</exception>
    public static Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Ports.PickFree, MaxAttempts, cancellationToken);

    /// <summary>
    /// Starts Azurite on the given loopback ports (for example from <see cref="PickFreePorts"/>, to start a client
    /// before its storage) and returns once Blob, Queue and Table all answer. Ports are not changed: if one is taken,
    /// start-up fails.
    /// </summary>
    /// <exception cref="InvalidOperationException">Azurite is missing, or exited during start-up (e.g. a port was taken).</exception>
    /// <exception cref="TimeoutException">The endpoints did not answer within <see cref="StartTimeout"/>.</exception>
    public static Task<AzuriteProcess> StartAsync(int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken = default) =>
        StartAsync(() => new Ports(blobPort, queuePort, tablePort), 1, cancellationToken);

    /// <summary>Three distinct loopback ports the OS reports free now; nothing listens on them until something binds them.</summary>
    public static (int Blob, int Queue, int Table) PickFreePorts()
    {
        var ports = Ports.PickFree();
        return (ports.Blob, ports.Queue, ports.Table);
    }

    /// <summary>The <see cref="ConnectionString"/> an Azurite on these ports will have, usable before it runs.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={ServiceUri(blobPort)};QueueEndpoint={ServiceUri(queuePort)};TableEndpoint={ServiceUri(tablePort)};";

    private static async Task<AzuriteProcess> StartAsync(Func<Ports> pickPorts, int maxAttempts, CancellationToken cancellationToken)
    {
        var launcher = RepoRoot.AzuriteLauncher;
        var clock = Stopwatch.StartNew();
        string? lastFailure = null;

        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            var ports = pickPorts();
            var location = Directory.CreateTempSubdirectory("videogen-azurite-").FullName;
            var output = new OutputTail(OutputTailLines);
            Process process;
            try
            {
                process = Launch(launcher, ports, location, output);
            }
            catch (Exception ex)
            {
                DeleteDirectory(location);
                throw new InvalidOperationException(
                    $"Could not launch Azurite ({launcher}) with node: {ex.Message}. Is Node.js on PATH?", ex);
            }

            bool exited;
            try
            {
                exited = await WaitUntilReadyAsync(process, ports, output, clock, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                await StopAsync(process, location).ConfigureAwait(false);
                throw;
            }

            if (!exited)
            {
                return new AzuriteProcess(process, output, ports, location, clock.Elapsed, attempt);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false); // drains stdout/stderr
            lastFailure =
                $"attempt {attempt} on ports {ports} exited with code {process.ExitCode}:{Environment.NewLine}{output.Text}";
            var portTaken = output.Text.Contains("EADDRINUSE", StringComparison.Ordinal);
            await StopAsync(process, location).ConfigureAwait(false);
            if (!portTaken || maxAttempts == 1)
            {
                throw new InvalidOperationException($"Azurite exited during start-up: {lastFailure}");
            }
        }

        throw new InvalidOperationException(
            $"Azurite could not bind free ports in {maxAttempts} attempts; giving up. Last {lastFailure}");
    }

    /// <summary>Kills the Azurite process tree and deletes its workspace. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(_process, Location).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Azurite pid {ProcessId} (blob {BlobPort}, queue {QueuePort}, table {TablePort})";

    private static Uri ServiceUri(int port) => new($"http://{Host}:{port}/{AccountName}");

    private static Process Launch(string launcher, Ports ports, string location, OutputTail output)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = location,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "-e", WatchdogScript, launcher,
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
                     "--blobHost", Host, "--blobPort", ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", Host, "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", Host, "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add("out", e.Data);
        process.ErrorDataReceived += (_, e) => output.Add("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <returns>False when all endpoints answer with the process alive; true when the process exited first.</returns>
    private static async Task<bool> WaitUntilReadyAsync(
        Process process, Ports ports, OutputTail output, Stopwatch clock, CancellationToken cancellationToken)
    {
        var pending = new List<Uri>
        {
            new($"http://{Host}:{ports.Blob}/{AccountName}?comp=list"),
            new($"http://{Host}:{ports.Queue}/{AccountName}?comp=list"),
            new($"http://{Host}:{ports.Table}/{AccountName}/Tables"),
        };

        // Completes when Azurite exits, so a probe stuck on a port held by someone else does not delay the retry.
        var exit = process.WaitForExitAsync(cancellationToken);

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return true;
            }

            var probes = pending.Select(uri => (Uri: uri, Answered: AnswersAsync(uri, cancellationToken))).ToList();
            await Task.WhenAny(Task.WhenAll(probes.Select(p => p.Answered)), exit).ConfigureAwait(false);
            if (process.HasExited)
            {
                return true;
            }

            pending = probes.Where(p => !p.Answered.IsCompletedSuccessfully || !p.Answered.Result).Select(p => p.Uri).ToList();
            if (pending.Count == 0)
            {
                // A port stolen by someone else could answer too; Azurite itself must still be running.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                return process.HasExited;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException(
                    $"Azurite (pid {process.Id}, ports {ports}) did not answer on {string.Join(", ", pending)} " +
                    $"within {StartTimeout.TotalSeconds:0} s. Output tail:{Environment.NewLine}{output.Text}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnswersAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            return true; // any HTTP status means the service is listening and parsing requests
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // per-request timeout
        }
    }

    private static async Task StopAsync(Process process, string location)
    {
        try
        {
            await ProcessReaper.KillAsync(process).ConfigureAwait(false);
        }
        finally
        {
            DeleteDirectory(location);
        }
    }

    private static void DeleteDirectory(string path)
    {
        for (var i = 0; i < 3; i++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private readonly record struct Ports(int Blob, int Queue, int Table)
    {
        /// <summary>Three distinct ports the OS reports free: all bound at once to port 0, then released.</summary>
        public static Ports PickFree()
        {
            var listeners = new TcpListener[3];
            try
            {
                for (var i = 0; i < listeners.Length; i++)
                {
                    listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                    listeners[i].Start();
                }

                int PortOf(int i) => ((IPEndPoint)listeners[i].LocalEndpoint).Port;
                return new Ports(PortOf(0), PortOf(1), PortOf(2));
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    listener?.Stop();
                }
            }
        }

        public override string ToString() => $"blob {Blob}, queue {Queue}, table {Table}";
    }

    /// <summary>Thread-safe ring of the last lines a process printed.</summary>
    private sealed class OutputTail(int capacity)
    {
        private readonly Queue<string> _lines = new();
        private readonly Lock _gate = new();

        public void Add(string stream, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _lines.Enqueue($"[azurite {stream}] {line}");
                while (_lines.Count > capacity)
                {
                    _lines.Dequeue();
                }
            }
        }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
                }
            }
        }
    }
}
