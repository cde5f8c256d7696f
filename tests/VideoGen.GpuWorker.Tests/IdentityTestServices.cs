using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure.Core.Pipeline;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

/// <summary>
/// Azurite over HTTPS with OAuth (<c>--oauth basic</c>: bearer tokens are checked for issuer, audience and lifetime,
/// not signature) and a self-signed certificate for 127.0.0.1 written to <see cref="CertificateFile"/>: what a token
/// credential needs (the SDK sends tokens over HTTPS only). A worker process trusts the certificate through
/// <c>SSL_CERT_FILE</c>; the tests' own clients through <see cref="Transport"/>. Shared keys keep working.
/// </summary>
internal sealed class HttpsAzurite : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    // Keeps Azurite alive only while its standard input is open (as VideoGen.Testing.AzuriteProcess does).
    private const string WatchdogScript =
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();require(process.argv[1]);";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly string _folder;

    private HttpsAzurite(Process process, ConcurrentQueue<string> output, string folder, X509Certificate2 certificate, int blobPort, int queuePort)
    {
        _process = process;
        _output = output;
        _folder = folder;
        Certificate = certificate;
        CertificateFile = Path.Combine(folder, "cert.pem");
        BlobEndpoint = new Uri($"https://127.0.0.1:{blobPort}/{AzuriteProcess.AccountName}");
        QueueEndpoint = new Uri($"https://127.0.0.1:{queuePort}/{AzuriteProcess.AccountName}");
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as PEM, for <c>SSL_CERT_FILE</c>.</summary>
    public string CertificateFile { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    /// <summary>Shared-key connection string over HTTPS (use with <see cref="Transport"/>).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=https;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};";

    /// <summary>An SDK transport that trusts this Azurite's certificate (and only it).</summary>
    public HttpPipelineTransport Transport => new HttpClientTransport(new HttpClient(TrustingHandler(Certificate)));

    public string Output => string.Join('\n', _output);

    public static async Task<HttpsAzurite> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("videogen-azurite-https-").FullName;
        var certificate = WriteCertificate(folder);
        string? lastFailure = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (blob, queue, table) = AzuriteProcess.PickFreePorts();
            var output = new ConcurrentQueue<string>();
            var process = Launch(folder, blob, queue, table, output);
            var azurite = new HttpsAzurite(process, output, folder, certificate, blob, queue);
            if (await azurite.WaitUntilAnsweringAsync())
            {
                return azurite;
            }
            lastFailure = azurite.Output;
            await azurite.StopAsync(deleteFolder: false);
            if (!lastFailure.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                break;
            }
        }
        Directory.Delete(folder, recursive: true);
        throw new InvalidOperationException($"Azurite over HTTPS did not start: {lastFailure}");
    }

    public async ValueTask DisposeAsync() => await StopAsync(deleteFolder: true);

    /// <summary>A handler that accepts exactly <paramref name="certificate"/> as the server's certificate.</summary>
    public static HttpClientHandler TrustingHandler(X509Certificate2 certificate) => new()
    {
        UseProxy = false,
        ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawData.AsSpan().SequenceEqual(certificate.RawData),
    };

    private async Task<bool> WaitUntilAnsweringAsync()
    {
        using var client = new HttpClient(TrustingHandler(Certificate)) { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var pending = new List<Uri> { new($"{BlobEndpoint}?comp=list"), new($"{QueueEndpoint}?comp=list") };
        while (pending.Count > 0)
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                return false;
            }
            foreach (var uri in pending.ToList())
            {
                try
                {
                    using var response = await client.GetAsync(uri); // any status: it answers
                    pending.Remove(uri);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet
                }
            }
            await Task.Delay(100);
        }
        return true;
    }

    private async Task StopAsync(bool deleteFolder)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // gone already, or the kill is still under way: the watchdog ends it with our stdin
        }
        _process.Dispose();
        if (deleteFolder)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // a file still held: left in the temp folder
            }
        }
    }

    private static Process Launch(string folder, int blob, int queue, int table, ConcurrentQueue<string> output)
    {
        var workspace = Directory.CreateDirectory(Path.Combine(folder, "ws-" + Guid.NewGuid().ToString("N"))).FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workspace,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "-e", WatchdogScript, RepoRoot.AzuriteLauncher,
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
                     "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", table.ToString(CultureInfo.InvariantCulture),
                     "--cert", Path.Combine(folder, "cert.pem"), "--key", Path.Combine(folder, "key.pem"), "--oauth", "basic",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Add(string? line)
        {
            if (line is not null)
            {
                output.Enqueue(line);
            }
        }
    }

    /// <summary>A self-signed certificate for 127.0.0.1 (and localhost), valid for a week; cert.pem and key.pem in <paramref name="folder"/>.</summary>
    private static X509Certificate2 WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }
}

/// <summary>
/// A stand-in for the managed identity endpoint of Container Apps / App Service (<c>IDENTITY_ENDPOINT</c> +
/// <c>IDENTITY_HEADER</c>, API 2019-08-01), on a loopback port picked up front so a worker can be started before it
/// listens. It answers every token request with <see cref="Status"/>: 200 with an unsigned JWT for
/// <see cref="Audience"/> from an Entra issuer (enough for Azurite's basic OAuth check), or an error body.
/// </summary>
internal sealed class FakeIdentityEndpoint : IDisposable
{
    private readonly ConcurrentQueue<string> _requests = new();
    private HttpListener? _listener;

    public FakeIdentityEndpoint()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>The worker's <c>IDENTITY_ENDPOINT</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}/msi/token";

    /// <summary>The worker's <c>IDENTITY_HEADER</c>; requests without it get 401.</summary>
    public string Header { get; } = Guid.NewGuid().ToString("N");

    public int Status { get; init; } = 200;

    public string Audience { get; init; } = "https://storage.azure.com";

    /// <summary>Query strings of the token requests received so far.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts listening on <see cref="Port"/>.</summary>
    public void Start()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = ServeAsync(_listener);
    }

    public void Dispose()
    {
        try
        {
            _listener?.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _requests.Enqueue(context.Request.Url?.Query ?? "");
            var status = context.Request.Headers["X-IDENTITY-HEADER"] == Header ? Status : 401;
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var body = status == 200
                ? $$"""{"access_token":"{{Token(now)}}","expires_on":"{{now + 3600}}","resource":"https://storage.azure.com/","token_type":"Bearer"}"""
                : """{"error":"invalid_request","error_description":"Fake identity endpoint: no identity for this client id."}""";
            var bytes = Encoding.UTF8.GetBytes(body);
            try
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client went away
            }
        }
    }

    private string Token(long now) => Jwt(Audience, now);

    /// <summary>An unsigned JWT for <paramref name="audience"/> from an Entra issuer, valid for an hour from <paramref name="now"/> (Unix seconds).</summary>
    public static string Jwt(string audience, long now)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Part("""{"alg":"none","typ":"JWT"}""") + "." +
            Part($$"""{"aud":"{{audience}}","iss":"https://sts.windows.net/00000000-0000-0000-0000-000000000000/","iat":{{now - 60}},"nbf":{{now - 60}},"exp":{{now + 3600}}}""") + ".";
    }
}
