using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VideoGen.Contracts;
using Microsoft.DurableTask.Client;
using VideoGen.DurableHost;

namespace VideoGen.Functions.Tests.Infrastructure;

/// <summary>
/// The real local host in-process (TestServer) on the collection's Azurite, with its own task hub: the workflow on
/// DTFx, the queue poller and (unless switched off) the upload watcher running.
/// </summary>
public sealed class FunctionAppFactory(AzuriteFixture azurite, bool watchUploads = true) : WebApplicationFactory<Program>
{
    public const string ContosoKey = "test-contoso-key-0123456789";
    public const string FabrikamKey = "test-fabrikam-key-0123456789";
    public const string AdminKey = "test-admin-key-0123456789";

    public string HubName { get; } = Unique.HubName("fn");

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    public BlobContainerClient Uploads => new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobLayout.CmsUploadsContainer);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("AzureWebJobsStorage", azurite.ConnectionString);
        builder.UseSetting("VideoGen:HubName", HubName);
        builder.UseSetting("VideoGen:AdminKey", AdminKey);
        builder.UseSetting("VideoGen:TenantKeys:contoso", ContosoKey);
        builder.UseSetting("VideoGen:TenantKeys:fabrikam", FabrikamKey);
        builder.UseSetting("VideoGen:WatchInterval", "00:00:00.200");
        builder.UseSetting("VideoGen:WatchUploads", watchUploads ? "true" : "false");
        builder.UseSetting("VideoGen:MaxPollingInterval", "00:00:00.200");
        builder.UseSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200");

        builder.ConfigureTestServices(services =>
        {
            // Test orchestrations beside the app's own, on the registry instance the app registered.
            var registry = (TaskRegistry)services.Single(d => d.ServiceType == typeof(TaskRegistry)).ImplementationInstance!;
            TestOrchestrations.Register(registry);
        });
    }

    /// <summary>
    /// Stops the app, then deletes every blob in <c>cms-uploads</c>: the next test's app (a new hub) would otherwise
    /// find them with its upload watcher and start every one again. Tests of the collection run one at a time.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        BlobContainerClient uploads = Uploads;
        if (await uploads.ExistsAsync())
        {
            await foreach (var item in uploads.GetBlobsAsync())
            {
                await uploads.DeleteBlobIfExistsAsync(item.Name);
            }
        }
    }

    /// <summary>Uploads a brief folder the way a CMS does (image first, then brief.json); returns the brief blob's URL and ETag.</summary>
    public async Task<(string Url, string ETag)> UploadAsCmsAsync(JsonObject brief, byte[] image, string? tenant = null, string? briefId = null)
    {
        BlobContainerClient uploads = Uploads;
        await uploads.CreateIfNotExistsAsync();
        string folder = $"{tenant ?? brief["tenant"]!.GetValue<string>()}/{briefId ?? brief["briefId"]!.GetValue<string>()}";
        await uploads.GetBlobClient($"{folder}/{brief["productImage"]!.GetValue<string>()}").UploadAsync(BinaryData.FromBytes(image), overwrite: true);
        BlobClient blob = uploads.GetBlobClient($"{folder}/brief.json");
        var info = (await blob.UploadAsync(BinaryData.FromString(brief.ToJsonString()), overwrite: true)).Value;
        return (blob.Uri.AbsoluteUri, info.ETag.ToString().Trim('"'));
    }

    public HttpClient CreateApiClient(string? key = ContosoKey)
    {
        HttpClient http = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return http;
    }

    /// <summary>
    /// Polls the status API until the run reports <paramref name="stage"/> in its custom status. These tests run no GPU
    /// worker, so a valid brief goes as far as <c>render-preview</c> (its chunk jobs queued) and waits there; the
    /// end-to-end suite runs it to the end.
    /// </summary>
    public async Task<JsonObject> WaitForStageAsync(HttpClient http, string instanceId, string stage, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            HttpResponseMessage r = await http.GetAsync($"/api/durabletask/instances/{Uri.EscapeDataString(instanceId)}", cts.Token);
            if (r.IsSuccessStatusCode)
            {
                JsonObject status = JsonNode.Parse(await r.Content.ReadAsStringAsync(cts.Token))!.AsObject();
                if (status["customStatus"]?["stage"]?.GetValue<string>() == stage)
                {
                    return status;
                }

                Assert.False(status["runtimeStatus"]!.GetValue<string>() is "Failed" or "Terminated", $"run {instanceId} ended: {status.ToJsonString()}");
            }

            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Polls the status API until the instance is terminal.</summary>
    public async Task<JsonObject> WaitForTerminalAsync(HttpClient http, string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            HttpResponseMessage r = await http.GetAsync($"/api/durabletask/instances/{Uri.EscapeDataString(instanceId)}", cts.Token);
            if (r.StatusCode == System.Net.HttpStatusCode.OK)
            {
                return JsonNode.Parse(await r.Content.ReadAsStringAsync(cts.Token))!.AsObject();
            }

            await Task.Delay(50, cts.Token);
        }
    }
}

/// <summary>Sample briefs from samples/briefs, with a unique brief id per test.</summary>
public static class SampleBriefs
{
    public static string Folder(string name) => Path.Combine(RepoRoot.Path, "samples", "briefs", name);

    public static (JsonObject Brief, byte[] Image) Load(string name, string briefId, string tenant = "contoso")
    {
        JsonObject brief = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(name), "brief.json")))!.AsObject();
        brief["briefId"] = briefId;
        brief["tenant"] = tenant;
        return (brief, File.ReadAllBytes(Path.Combine(Folder(name), "product.png")));
    }

    public static MultipartFormDataContent Multipart(JsonObject brief, byte[] image, string imageName = "product.png")
    {
        var form = new MultipartFormDataContent();
        var briefPart = new StringContent(brief.ToJsonString());
        briefPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(briefPart, "brief", "brief.json");
        var imagePart = new ByteArrayContent(image);
        imagePart.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(imagePart, "image", imageName);
        return form;
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
}
