using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using VideoGen.Contracts;

namespace VideoGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One function app (local mode, its own task hub and GPU queue prefix) and one GPU worker, as real processes on the
/// fixture's Azurite, driven over the app's HTTP API like a CMS and a reviewer would.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    public const string TenantKey = "e2e-contoso-key-0123456789";
    private readonly PipelineFixture _fixture;
    private readonly Dictionary<string, string> _settings;

    public PipelineHost(PipelineFixture fixture, IReadOnlyDictionary<string, string>? settings = null)
    {
        _fixture = fixture;
        Port = PipelineFixture.FreePort();
        QueuePrefix = "e" + Guid.NewGuid().ToString("N")[..8] + "-";
        Hub = "e2e" + Guid.NewGuid().ToString("N")[..10];
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = fixture.Azurite.ConnectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["VideoGen__HubName"] = Hub,
            ["VideoGen__TenantKeys__contoso"] = TenantKey,
            ["VideoGen__LocalQueueLease"] = "00:00:05",
            ["VideoGen__WatchInterval"] = "00:00:00.250",
            ["VideoGen__MaxPollingInterval"] = "00:00:00.250",
            ["VideoGen__Generation__QueueNamePrefix"] = QueuePrefix,
            ["VideoGen__Run__AllowUncheckedAutoApprove"] = "true",
            ["VideoGen__Run__PublicBaseUrl"] = $"http://127.0.0.1:{Port}",
            ["VideoGen__Run__ChunkDeadline"] = "00:02:00",
            ["VideoGen__ApprovalTokens__CurrentKeyId"] = "e2e",
            ["VideoGen__ApprovalTokens__Keys__0__Id"] = "e2e",
            ["VideoGen__ApprovalTokens__Keys__0__Secret"] = fixture.ApprovalSecret,
            ["VideoGen__Provenance__KeyId"] = "e2e",
            ["VideoGen__Provenance__PrivateKeyPem"] = fixture.SigningKeyPem,
            ["VideoGen__Publish__ModelManifestPath"] = fixture.ModelsManifest,
            ["DurableTask__ControlQueueVisibilityTimeout"] = "00:00:30", // a killed host's messages reappear after this (DTFx renews while it works)
            ["DurableTask__WorkItemQueueVisibilityTimeout"] = "00:00:30",
            ["Integrations__OutboundAllowList__AllowLoopbackHttp"] = "true",
            ["Integrations__CmsCallback__SigningSecret"] = fixture.CmsSecret,
            ["Integrations__CmsCallback__Retry__InitialDelay"] = "00:00:00.200",
            ["Integrations__LifecycleEvents__Endpoint"] = $"http://127.0.0.1:{Port}/api/local/events",
            ["Integrations__LifecycleEvents__AccessKey"] = "e2e-events-key",
            ["Integrations__Email__Host"] = "127.0.0.1",
            ["Integrations__Email__Port"] = fixture.Maildev.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Integrations__Email__Security"] = "None",
            ["Integrations__Email__FromAddress"] = "videogen@localhost",
        };
        foreach ((string k, string v) in settings ?? new Dictionary<string, string>())
        {
            _settings[k] = v;
        }

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-functions-key", TenantKey);
    }

    public int Port { get; }

    public string Hub { get; }

    public string QueuePrefix { get; }

    public HttpClient Http { get; }

    public ChildProcess? App { get; private set; }

    public ChildProcess? Worker { get; private set; }

    public BlobServiceClient Blobs => new(_fixture.Azurite.ConnectionString);

    public async Task StartAppAsync()
    {
        App = ChildProcess.Start(ChildProcess.Built("src/VideoGen.LocalHost", "VideoGen.LocalHost.dll"), _settings);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                if ((await Http.GetAsync("/api/health", cts.Token)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!App.HasExited)
            {
            }

            if (App.HasExited)
            {
                throw new InvalidOperationException("The function app exited at start:\n" + App.Output);
            }

            await Task.Delay(200, cts.Token);
        }
    }

    public void StartWorker(TimeSpan? visibility = null) => Worker = ChildProcess.Start(
        ChildProcess.Built("gpu-worker/VideoGen.GpuWorker", "VideoGen.GpuWorker.dll"),
        new Dictionary<string, string>
        {
            ["GpuWorker__StorageConnectionString"] = _fixture.Azurite.ConnectionString,
            ["GpuWorker__QueueNamePrefix"] = QueuePrefix,
            ["GpuWorker__VisibilityTimeout"] = (visibility ?? TimeSpan.FromSeconds(30)).ToString("c", CultureInfo.InvariantCulture),
            ["GpuWorker__CheckpointFrames"] = "8",
            ["GpuWorker__RetryDelay"] = "00:00:00.200",
            ["GpuWorker__IdlePollMin"] = "00:00:00.050",
            ["GpuWorker__IdlePollMax"] = "00:00:00.250",
            ["Inference__ManifestPath"] = _fixture.ModelsManifest,
            ["Inference__ExecutionProvider"] = "Cpu",
        });

    public async Task StartAsync()
    {
        await StartAppAsync();
        StartWorker();
    }

    /// <summary>A sample brief with a unique id, its CMS callback pointed at this app's local sink.</summary>
    public (JsonObject Brief, byte[] Image) Sample(string name, string prefix)
    {
        string folder = Path.Combine(RepoRoot.Path, "samples", "briefs", name);
        JsonObject brief = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "brief.json")))!.AsObject();
        brief["briefId"] = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 13)];
        brief["cmsCallback"] = new JsonObject { ["url"] = $"http://127.0.0.1:{Port}/api/local/cms-callback" };
        return (brief, File.ReadAllBytes(Path.Combine(folder, "product.png")));
    }

    public async Task<string> SubmitAsync(JsonObject brief, byte[] image)
    {
        using var form = new MultipartFormDataContent();
        var b = new StringContent(brief.ToJsonString());
        b.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(b, "brief", "brief.json");
        var i = new ByteArrayContent(image);
        i.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(i, "image", brief["productImage"]!.GetValue<string>());
        HttpResponseMessage r = await Http.PostAsync("/api/briefs", form);
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"submit: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> StatusAsync(string id)
    {
        HttpResponseMessage r = await Http.GetAsync($"/api/durabletask/instances/{Uri.EscapeDataString(id)}?showInput=false");
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"status: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static string? Stage(JsonObject status) => status["customStatus"]?["stage"]?.GetValue<string>();

    public async Task<JsonObject> WaitAsync(string id, Func<JsonObject, bool> until, TimeSpan? timeout = null, string what = "the condition")
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(4));
        JsonObject status = await StatusAsync(id);
        while (!until(status))
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Run {id} did not reach {what}; last status {status.ToJsonString()}\n--- app ---\n{Tail(App)}\n--- worker ---\n{Tail(Worker)}");
            }

            await Task.Delay(250, CancellationToken.None);
            try
            {
                status = await StatusAsync(id);
            }
            catch (HttpRequestException) when (App?.HasExited == true)
            {
                // the app is being restarted by the test
            }
        }

        return status;
    }

    public Task<JsonObject> WaitForEndAsync(string id, TimeSpan? timeout = null) =>
        WaitAsync(id, s => s["runtimeStatus"]!.GetValue<string>() is "Completed" or "Failed" or "Terminated", timeout, "a terminal status");

    public async Task<byte[]> DownloadAsync(string id, string file)
    {
        HttpResponseMessage r = await Http.GetAsync($"/api/runs/{Uri.EscapeDataString(id)}/published/{file}");
        Assert.True(r.IsSuccessStatusCode, $"download {file}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadAsByteArrayAsync();
    }

    public async Task<List<string>> ListBlobsAsync(string container, string prefix)
    {
        var names = new List<string>();
        BlobContainerClient c = Blobs.GetBlobContainerClient(container);
        if (!await c.ExistsAsync())
        {
            return names;
        }

        await foreach (var item in c.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        return names;
    }

    public static string Tail(ChildProcess? p) => p is null ? "(not started)" : string.Join('\n', p.Output.Split('\n').TakeLast(40));

    public async ValueTask DisposeAsync()
    {
        Worker?.Dispose();
        App?.Dispose();
        Http.Dispose();
        // The next test's app (a new hub) would otherwise find these briefs with its upload watcher and run every one
        // of them again beside its own, on the same two cores and GPU queues.
        await DeleteUploadsAsync(Blobs);
    }

    /// <summary>Deletes every blob in <c>cms-uploads</c> (tests of a collection run one at a time).</summary>
    public static async Task DeleteUploadsAsync(BlobServiceClient blobs)
    {
        BlobContainerClient uploads = blobs.GetBlobContainerClient(BlobLayout.CmsUploadsContainer);
        if (!await uploads.ExistsAsync())
        {
            return;
        }

        await foreach (var item in uploads.GetBlobsAsync())
        {
            await uploads.DeleteBlobIfExistsAsync(item.Name);
        }
    }
}
