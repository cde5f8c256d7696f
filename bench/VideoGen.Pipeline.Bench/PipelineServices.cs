using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using VideoGen.Testing;

namespace VideoGen.Pipeline.Bench;

/// <summary>
/// maildev, the function app (local mode) and one GPU worker as child processes, configured the way <c>./run.sh</c>
/// configures them (same settings, fresh dev-only secrets, free loopback ports), over the bench's Azurite.
/// Disposing stops them all.
/// </summary>
internal sealed class PipelineServices : IAsyncDisposable
{
    private const string FunctionsBuildHint = "dotnet build src/VideoGen.LocalHost -c Release";
    private const string WorkerBuildHint = "dotnet build gpu-worker/VideoGen.GpuWorker -c Release";

    private PipelineServices(ChildProcess maildev, ChildProcess app, ChildProcess worker, Uri baseUri, string tenantKey)
    {
        Maildev = maildev;
        App = app;
        Worker = worker;
        BaseUri = baseUri;
        TenantKey = tenantKey;
    }

    private static string MaildevLauncher => Path.Combine(RepoRoot.Path, "node_modules", ".bin", "maildev");

    public ChildProcess Maildev { get; }

    public ChildProcess App { get; }

    public ChildProcess Worker { get; }

    /// <summary>The function app's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The <c>contoso</c> tenant's API key (fresh per run; never printed).</summary>
    public string TenantKey { get; }

    /// <summary>Fails fast, before anything starts, when a build output or maildev is missing (exit 2).</summary>
    public static void CheckPrerequisites(BenchSettings settings)
    {
        foreach ((string name, string dll, string hint) in new[]
                 {
                     ("function app", settings.FunctionsDll, FunctionsBuildHint),
                     ("GPU worker", settings.WorkerDll, WorkerBuildHint),
                 })
        {
            if (!File.Exists(dll))
            {
                throw new BenchFailure($"The {name} is not built: {dll} does not exist. Build it first: {hint}", 2);
            }
        }

        if (!File.Exists(MaildevLauncher))
        {
            throw new BenchFailure($"maildev is not installed ({MaildevLauncher}): run `npm ci` at the repository root.", 2);
        }
    }

    public static async Task<PipelineServices> StartAsync(
        BenchSettings settings, AzuriteProcess azurite, string modelsManifest, CancellationToken ct)
    {
        CheckPrerequisites(settings);
        string launcher = MaildevLauncher;
        int smtp = FreePort(), mailWeb = FreePort(), port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        string root = baseUri.AbsoluteUri.TrimEnd('/');
        ChildProcess? maildev = null, app = null, worker = null;
        try
        {
            maildev = ChildProcess.Start("maildev", "node",
                [launcher, "--smtp", $"{smtp}", "--ip", "127.0.0.1", "--web", $"{mailWeb}", "--web-ip", "127.0.0.1", "--silent"],
                new Dictionary<string, string>(), RepoRoot.Path, settings.Verbose);
            await WaitForTcpAsync(maildev, smtp, ct).ConfigureAwait(false);

            // Dev-only secrets made fresh for this run; never printed.
            string tenantKey = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            using var provenanceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var logging = new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Logging__Console__FormatterName"] = "simple",
                ["Logging__Console__FormatterOptions__SingleLine"] = "true",
                ["Logging__LogLevel__Azure"] = "Warning",
            };
            app = ChildProcess.StartDotnet("function app", settings.FunctionsDll, new Dictionary<string, string>(logging)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = root,
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["VideoGen__TenantKeys__contoso"] = tenantKey,
                ["VideoGen__Run__AllowUncheckedAutoApprove"] = "true",
                ["VideoGen__Run__AlwaysReview"] = settings.Review ? "true" : "false",
                ["VideoGen__Run__PublicBaseUrl"] = root,
                ["VideoGen__Run__ApprovalTimeout"] = "01:00:00",
                ["VideoGen__ApprovalTokens__CurrentKeyId"] = "bench1",
                ["VideoGen__ApprovalTokens__Keys__0__Id"] = "bench1",
                ["VideoGen__ApprovalTokens__Keys__0__Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["VideoGen__Provenance__KeyId"] = "bench-provenance",
                ["VideoGen__Provenance__PrivateKeyPem"] = provenanceKey.ExportPkcs8PrivateKeyPem(),
                ["VideoGen__Publish__ModelManifestPath"] = modelsManifest,
                ["Integrations__OutboundAllowList__AllowLoopbackHttp"] = "true",
                ["Integrations__CmsCallback__SigningSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                ["Integrations__LifecycleEvents__Endpoint"] = $"{root}/api/local/events",
                ["Integrations__LifecycleEvents__AccessKey"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ["Integrations__Email__Host"] = "127.0.0.1",
                ["Integrations__Email__Port"] = $"{smtp}",
                ["Integrations__Email__Security"] = "None",
                ["Integrations__Email__FromAddress"] = "videogen@localhost",
            }.With(BenchPrices.Settings), settings.Verbose, FunctionsBuildHint);
            worker = ChildProcess.StartDotnet("GPU worker", settings.WorkerDll, new Dictionary<string, string>(logging)
            {
                ["GpuWorker__StorageConnectionString"] = azurite.ConnectionString,
                ["Inference__ManifestPath"] = modelsManifest,
            }, settings.Verbose, WorkerBuildHint);
            Report.Note($"maildev pid {maildev.Id} (smtp {smtp}, inbox http://127.0.0.1:{mailWeb}), function app pid {app.Id} on {baseUri}, GPU worker pid {worker.Id}");
            return new PipelineServices(maildev, app, worker, baseUri, tenantKey);
        }
        catch
        {
            foreach (ChildProcess? child in new[] { worker, app, maildev })
            {
                if (child is not null)
                {
                    await child.DisposeAsync().ConfigureAwait(false);
                }
            }

            throw;
        }
    }

    /// <summary>Fails when a child has exited: any of them dying mid-run is the failure to report.</summary>
    public void ThrowIfAnyExited(string during)
    {
        App.ThrowIfExited(during);
        Worker.ThrowIfExited(during);
        Maildev.ThrowIfExited(during);
    }

    /// <summary>Stops the worker, the app and maildev, in that order.</summary>
    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        await Maildev.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The prices the run is charged at: set explicitly (section <c>VideoGen:Prices</c>) so the bench can print them.</summary>
    internal static class BenchPrices
    {
        public const string Currency = "USD";
        public const decimal GpuSecondInteractive = 0.00102m;
        public const decimal GpuSecondBatch = 0.000146m;
        public const decimal EncodeSecond = 0.0000267m;
        public const decimal StorageGbMonth = 0.0184m;
        public const decimal ReviewMinute = 0.75m;

        /// <summary>As app settings; the values are the pipeline's documented defaults (CostPrices).</summary>
        public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["VideoGen__Prices__Currency"] = Currency,
            ["VideoGen__Prices__GpuSecondByTier__interactive"] = Text(GpuSecondInteractive),
            ["VideoGen__Prices__GpuSecondByTier__batch"] = Text(GpuSecondBatch),
            ["VideoGen__Prices__EncodeSecond"] = Text(EncodeSecond),
            ["VideoGen__Prices__StorageGbMonth"] = Text(StorageGbMonth),
            ["VideoGen__Prices__ReviewMinute"] = Text(ReviewMinute),
        };

        public static string Describe() =>
            $"{Currency}: GPU-second interactive {Text(GpuSecondInteractive)}, batch {Text(GpuSecondBatch)}; encode-second {Text(EncodeSecond)}; " +
            $"storage GB-month {Text(StorageGbMonth)}; review minute {Text(ReviewMinute)}";

        private static string Text(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForTcpAsync(ChildProcess child, int port, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            child.ThrowIfExited($"before it listened on port {port}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }

        throw new BenchFailure($"The {child.Name} did not listen on port {port} within 30 s. Its last output:{Environment.NewLine}{child.Tail}");
    }
}

/// <summary>Dictionary helpers.</summary>
internal static class DictionaryExtensions
{
    /// <summary>Adds every entry of <paramref name="more"/> to <paramref name="settings"/> and returns it.</summary>
    public static Dictionary<string, string> With(this Dictionary<string, string> settings, IReadOnlyDictionary<string, string> more)
    {
        foreach ((string key, string value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}
