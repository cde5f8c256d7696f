using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace VideoGen.Testing;

/// <summary>
/// A private maildev (SMTP sink with a REST API) for one test collection, started from the repository's pinned
/// <c>node_modules/.bin/maildev</c> on two free loopback ports, in memory. <see cref="MaildevFixture"/> wraps it for xunit.
/// </summary>
/// <remarks>
/// <para>Launched as <c>maildev --smtp P --ip 127.0.0.1 --web W --web-ip 127.0.0.1 --silent</c>, so neither port is
/// reachable from outside the machine. Ready when the SMTP port accepts a connection and <c>GET /api/healthz</c>
/// answers; maildev 3 serves its REST API under <c>/api</c> (<c>GET /api/email</c>; the 2.x path <c>/email</c> is gone).
/// A port taken between the probe and the bind (<c>EADDRINUSE</c>) restarts on new ports, up to
/// <see cref="MaxAttempts"/> times.</para>
/// <para>Like <see cref="AzuriteProcess"/>, maildev runs behind a few lines of watchdog that exit when its standard
/// input reaches end of file, i.e. when the test host dies; <see cref="DisposeAsync"/> kills the process tree.</para>
/// </remarks>
public sealed class MaildevProcess : IAsyncDisposable
{
    /// <summary>Loopback address both servers listen on.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>How many launches start-up tries before giving up.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Total time allowed for <see cref="StartAsync"/>.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // maildev 3 is an ES module: load it with import() after arming the stdin watchdog.
    private const string WatchdogScript =
        "process.stdin.on('end',()=>process.exit(0));" +
        "process.stdin.on('error',()=>process.exit(0));" +
        "process.stdin.resume();" +
        "import(require('url').pathToFileURL(require('fs').realpathSync(process.argv[1])).href)" +
        ".catch(e=>{console.error(e);process.exit(1);});";

    private readonly Process _process;
    private readonly List<string> _output;
    private readonly HttpClient _http;

    private MaildevProcess(Process process, List<string> output, int smtpPort, int webPort)
    {
        _process = process;
        _output = output;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = WebEndpoint, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>SMTP port on <see cref="Host"/> (no TLS, no authentication).</summary>
    public int SmtpPort { get; }

    /// <summary>Web/REST port on <see cref="Host"/>.</summary>
    public int WebPort { get; }

    /// <summary>Base of the web server, <c>http://127.0.0.1:W/</c>.</summary>
    public Uri WebEndpoint => new($"http://{Host}:{WebPort.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The last lines maildev printed.</summary>
    public string OutputTailText
    {
        get
        {
            lock (_output)
            {
                return _output.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _output.TakeLast(40));
            }
        }
    }

    /// <summary>Full path of <c>node_modules/.bin/maildev</c> under the repository root.</summary>
    public static string Launcher => Path.Combine(RepoRoot.Path, "node_modules", ".bin", "maildev");

    /// <summary>Starts maildev and returns once SMTP and the REST API answer.</summary>
    /// <exception cref="InvalidOperationException">maildev is missing (run <c>npm ci</c>) or kept exiting.</exception>
    /// <exception cref="TimeoutException">It did not answer within <see cref="StartTimeout"/>.</exception>
    public static async Task<MaildevProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var launcher = Launcher;
        if (!File.Exists(launcher))
        {
            throw new InvalidOperationException($"maildev is not installed at {launcher}; run `npm ci` at the repository root.");
        }

        var clock = Stopwatch.StartNew();
        string? lastFailure = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (smtp, web) = PickTwoFreePorts();
            var output = new List<string>();
            var process = Launch(launcher, smtp, web, output);
            var candidate = new MaildevProcess(process, output, smtp, web);
            try
            {
                if (await candidate.WaitUntilReadyAsync(clock, cancellationToken).ConfigureAwait(false))
                {
                    return candidate;
                }
            }
            catch
            {
                await candidate.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            lastFailure = candidate.OutputTailText;
            await candidate.DisposeAsync().ConfigureAwait(false);
            if (!lastFailure.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                break;
            }
        }

        throw new InvalidOperationException($"maildev exited during start-up. Output tail:{Environment.NewLine}{lastFailure}");
    }

    /// <summary>All delivered emails, as maildev's <c>GET /api/email</c> returns them.</summary>
    public async Task<JsonArray> GetEmailsAsync(CancellationToken cancellationToken = default)
    {
        var json = await _http.GetStringAsync(new Uri("api/email", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(json)!.AsArray();
    }

    /// <summary>Polls until an email matches <paramref name="predicate"/> (within 10 s) and returns it.</summary>
    /// <exception cref="TimeoutException">None arrived.</exception>
    public async Task<JsonObject> WaitForEmailAsync(Func<JsonObject, bool> predicate, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var match = (await GetEmailsAsync(cancellationToken).ConfigureAwait(false)).OfType<JsonObject>().FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("No matching email reached maildev within 10 s.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The raw RFC 5322 source of one email (<c>GET /api/email/{id}/source</c>).</summary>
    public Task<byte[]> GetSourceAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetByteArrayAsync(new Uri($"api/email/{Uri.EscapeDataString(id)}/source", UriKind.Relative), cancellationToken);

    /// <summary>Kills maildev.</summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await ProcessReaper.KillAsync(_process).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"maildev pid {_process.Id} (smtp {SmtpPort}, web {WebPort})";

    private static Process Launch(string launcher, int smtp, int web, List<string> output)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.GetTempPath(),
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "-e", WatchdogScript, launcher,
                     "--smtp", smtp.ToString(CultureInfo.InvariantCulture), "--ip", Host,
                     "--web", web.ToString(CultureInfo.InvariantCulture), "--web-ip", Host,
                     "--silent",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        void Add(string stream, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Add($"[maildev {stream}] {line}");
                if (output.Count > 200)
                {
                    output.RemoveAt(0);
                }
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Add("out", e.Data);
        process.ErrorDataReceived += (_, e) => Add("err", e.Data);
        try
        {
            process.Start();
        }
        catch (Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not launch maildev ({launcher}) with node: {ex.Message}. Is Node.js on PATH?", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <returns>True when ready; false when the process exited first.</returns>
    private async Task<bool> WaitUntilReadyAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                return false;
            }

            if (await SmtpAnswersAsync(cancellationToken).ConfigureAwait(false) && await ApiAnswersAsync(cancellationToken).ConfigureAwait(false))
            {
                return !_process.HasExited;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException(
                    $"maildev (smtp {SmtpPort}, web {WebPort}) did not answer within {StartTimeout.TotalSeconds:0} s. Output tail:{Environment.NewLine}{OutputTailText}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> SmtpAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, SmtpPort, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<bool> ApiAnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("api/healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static (int Smtp, int Web) PickTwoFreePorts()
    {
        var a = new TcpListener(IPAddress.Loopback, 0);
        var b = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            a.Start();
            b.Start();
            return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
        }
        finally
        {
            a.Stop();
            b.Stop();
        }
    }
}
