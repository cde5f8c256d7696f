using Microsoft.DurableTask.Client;
using System.Text.Json.Nodes;
using VideoGen.Cli;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

/// <summary>
/// Local mode end to end on Azurite: a CMS-style upload to cms-uploads → the upload watcher → OnBriefUploaded → the
/// run starts on the engine (driven by the local queue pollers) → its status through the HTTP API and the videogen CLI.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalModeEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> WaitForRunAsync(string briefId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await foreach (var m in _app.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"contoso:{briefId}:" }).WithCancellation(cts.Token))
            {
                return m.InstanceId;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private (CliEnvironment Env, StringWriter Out, StringWriter Err) Cli()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment(output, error, name => name switch
        {
            "VIDEOGEN_ENDPOINT" => _app.Server.BaseAddress.ToString().TrimEnd('/'),
            "VIDEOGEN_KEY" => FunctionAppFactory.ContosoKey,
            _ => null,
        })
        { HttpHandler = _app.Server.CreateHandler() };
        return (env, output, error);
    }

    [Fact]
    public async Task CmsUpload_IsPickedUpByTheWatcher_AndTheRunIsVisibleThroughApiAndCli()
    {
        string briefId = SampleBriefs.NewId("cms");
        (JsonObject brief, byte[] image) = SampleBriefs.Load("launch-16x9", briefId);
        _ = _app.Services; // start the host (pollers and watcher)

        await _app.UploadAsCmsAsync(brief, image);
        string id = await WaitForRunAsync(briefId);

        using HttpClient http = _app.CreateApiClient();
        JsonObject status = await _app.WaitForStageAsync(http, id, "render-preview");
        Assert.Equal("BriefToPublish", status["name"]!.GetValue<string>());

        (CliEnvironment env, StringWriter output, StringWriter error) = Cli();
        int watch = await CliApp.RunAsync(["watch", id, "--interval", "50ms", "--timeout", "1s"], env);
        Assert.True(watch == 6, $"watch exit {watch} (6 = timed out while the run waits for its GPU jobs): {error}");
        Assert.Contains("render-preview", output.ToString());

        (env, output, error) = Cli();
        int list = await CliApp.RunAsync(["list", "--json"], env);
        Assert.True(list == 0, error.ToString());
        Assert.Contains(id, output.ToString());
    }

    [Fact]
    public async Task CliSubmit_FromTheSampleFolder_StartsARunThatStatusShows()
    {
        string dir = Path.Combine(Path.GetTempPath(), "vg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string briefId = SampleBriefs.NewId("cli");
        (JsonObject brief, byte[] image) = SampleBriefs.Load("social-9x16", briefId);
        await File.WriteAllTextAsync(Path.Combine(dir, "brief.json"), brief.ToJsonString());
        await File.WriteAllBytesAsync(Path.Combine(dir, "product.png"), image);
        (CliEnvironment env, StringWriter output, StringWriter error) = Cli();

        int code = await CliApp.RunAsync(["--json", "submit", dir], env);

        Assert.True(code == 0, $"exit {code}: {error}");
        string id = JsonNode.Parse(output.ToString())!["id"]!.GetValue<string>();
        Assert.StartsWith($"contoso:{briefId}:", id);
        using HttpClient http = _app.CreateApiClient();
        await _app.WaitForStageAsync(http, id, "render-preview");
        (env, output, error) = Cli();
        Assert.Equal(0, await CliApp.RunAsync(["status", id], env));
        Assert.Contains("render-preview", output.ToString());
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task InvalidUpload_EndsFailedWithBriefInvalid_AndIsKeptWithARejectionBesideIt()
    {
        string briefId = SampleBriefs.NewId("reject");
        (JsonObject brief, byte[] image) = SampleBriefs.Load("launch-16x9", briefId);
        brief["fps"] = 31;
        brief["aspectRatio"] = "2:1";

        await _app.UploadAsCmsAsync(brief, image);
        string id = await WaitForRunAsync(briefId);
        using HttpClient http = _app.CreateApiClient();
        JsonObject status = await _app.WaitForTerminalAsync(http, id);

        Assert.Equal("Failed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("brief.invalid", status["customStatus"]!["errorCode"]!.GetValue<string>());
        Assert.StartsWith("brief.invalid", status["output"]!.GetValue<string>());
        Assert.True(await _app.Uploads.GetBlobClient($"contoso/{briefId}/brief.json").ExistsAsync());
        string rejection = (await _app.Uploads.GetBlobClient($"contoso/{briefId}/brief.json.rejected.json").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("/fps", rejection);
        Assert.Contains("/aspectRatio", rejection);
    }

    [Fact]
    public async Task UploadWithoutItsImage_EndsFailedNamingProductImage()
    {
        string briefId = SampleBriefs.NewId("noimage");
        (JsonObject brief, _) = SampleBriefs.Load("launch-16x9", briefId);
        await _app.Uploads.CreateIfNotExistsAsync();
        await _app.Uploads.GetBlobClient($"contoso/{briefId}/brief.json").UploadAsync(BinaryData.FromString(brief.ToJsonString()));

        string id = await WaitForRunAsync(briefId);
        using HttpClient http = _app.CreateApiClient();
        JsonObject status = await _app.WaitForTerminalAsync(http, id);

        Assert.Equal("Failed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Contains("/productImage", (await _app.Uploads.GetBlobClient($"contoso/{briefId}/brief.json.rejected.json").DownloadContentAsync()).Value.Content.ToString());
    }
}
