using System.Text.Json.Nodes;
using VideoGen.Contracts;
using VideoGen.EndToEnd.Tests.Infrastructure;
using VideoGen.Pipeline.Accounting;
using VideoGen.Pipeline.Provenance;

namespace VideoGen.EndToEnd.Tests;

/// <summary>Auto-approved runs, blocked and invalid briefs, and tampering, on the real app, worker, ONNX Runtime and ffmpeg.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PublishTests(PipelineFixture fixture) : IAsyncLifetime
{
    private readonly PipelineHost _pipeline = new(fixture);

    public Task InitializeAsync() => _pipeline.StartAsync();

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task SocialSample_AutoApproves_PublishesPlayableVerifiedMp4_NotifiesCmsOnce()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "happy");
        string briefId = brief["briefId"]!.GetValue<string>();

        string id = await _pipeline.SubmitAsync(brief, image);
        JsonObject done = await _pipeline.WaitForEndAsync(id);

        Assert.True(done["runtimeStatus"]!.GetValue<string>() == "Completed", done.ToJsonString());
        JsonNode output = done["output"]!;
        Assert.Equal("published", output["outcome"]!.GetValue<string>());
        Assert.Equal("auto", output["approval"]!["mode"]!.GetValue<string>());
        Assert.True(output["timeToPreviewSeconds"]!.GetValue<double>() > 0);
        Assert.True(output["gpuSeconds"]!.GetValue<double>() > 0);
        Assert.True(output["cost"]!["perRenderedSecond"]!.GetValue<decimal>() > 0);

        string dir = Directory.CreateTempSubdirectory("vg-pub").FullName;
        string mp4 = Path.Combine(dir, "video.mp4"), manifest = Path.Combine(dir, "manifest.json");
        await File.WriteAllBytesAsync(mp4, await _pipeline.DownloadAsync(id, "video.mp4"));
        await File.WriteAllBytesAsync(manifest, await _pipeline.DownloadAsync(id, "manifest.json"));
        (string codec, int w, int h, double duration, double fps) = await Infrastructure.Media.ProbeAsync(mp4);
        Assert.Equal(("h264", brief["fps"]!.GetValue<double>()), (codec, fps));
        Assert.True(h > w, $"9:16 expected, got {w}x{h}");
        Assert.InRange(duration, 7.9, 8.1);

        using var verifier = new ManifestVerifier("e2e", fixture.PublicKeyPem);
        VerificationResult verified = await ProvenanceVerification.VerifyAsync(mp4, manifest, verifier);
        Assert.True(verified.Valid, string.Join("; ", verified.Problems));
        VerificationResult embedded = await ProvenanceVerification.VerifyAsync(mp4, null, verifier);
        Assert.True(embedded.Valid, string.Join("; ", embedded.Problems));

        string cmsKey = VideoGen.Pipeline.Notifications.CmsCallbackNotifier.IdempotencyKey("contoso", id, 1);
        string notification = Assert.Single(await _pipeline.ListBlobsAsync("local-sinks", "cms/"), n => n.Contains(cmsKey, StringComparison.Ordinal));

        // The CMS gets read-only links it can fetch with no storage credentials.
        JsonNode body = JsonNode.Parse((await _pipeline.Blobs.GetBlobContainerClient("local-sinks").GetBlobClient(notification).DownloadContentAsync()).Value.Content.ToString())!;
        using (var anonymous = new HttpClient())
        {
            Uri videoLink = new(body["videoUrl"]!.GetValue<string>());
            Assert.Contains("sig=", videoLink.Query);
            Assert.Equal(await File.ReadAllBytesAsync(mp4), await anonymous.GetByteArrayAsync(videoLink));
            Assert.Equal(await File.ReadAllBytesAsync(manifest), await anonymous.GetByteArrayAsync(body["manifestUrl"]!.GetValue<string>()));
        }

        List<string> versions = (await _pipeline.ListBlobsAsync(BlobLayout.PublishedContainer, $"contoso/{briefId}/")).Select(n => n.Split('/')[2]).Distinct().ToList();
        Assert.Single(versions);

        var trail = new AuditTrail(new Azure.Data.Tables.TableServiceClient(fixture.Azurite.ConnectionString));
        IReadOnlyList<AuditRecord> records = await trail.ReadRunAsync(TenantId.Parse("contoso"), id);
        var steps = records.Select(r => r.Step[4..]).ToList();
        foreach (string step in new[] { "validated", "screened", "planned", "checked", "approved", "published", "cms-notified" })
        {
            Assert.Contains(step, steps);
        }

        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task TamperedMp4_FailsVerification_NamingTheMediaHash()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "tamper");
        string id = await _pipeline.SubmitAsync(brief, image);
        JsonObject done = await _pipeline.WaitForEndAsync(id);
        Assert.True(done["runtimeStatus"]!.GetValue<string>() == "Completed", done.ToJsonString());

        string dir = Directory.CreateTempSubdirectory("vg-tamper").FullName;
        string mp4 = Path.Combine(dir, "video.mp4");
        await File.WriteAllBytesAsync(mp4, await _pipeline.DownloadAsync(id, "video.mp4"));
        TestMedia.FlipByteInMdat(mp4); // inside the media data
        await File.WriteAllBytesAsync(Path.Combine(dir, "manifest.json"), await _pipeline.DownloadAsync(id, "manifest.json"));
        await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), fixture.PublicKeyPem);

        var output = new StringWriter();
        var error = new StringWriter();
        int code = await VideoGen.Cli.CliApp.RunAsync(["verify", mp4, Path.Combine(dir, "manifest.json"), "--key", Path.Combine(dir, "key.pem")],
            new VideoGen.Cli.CliEnvironment(output, error, _ => null));

        Assert.Equal(7, code);
        Assert.Contains("NOT VERIFIED", output.ToString() + error.ToString());
        Assert.Contains("media", (output.ToString() + error.ToString()).ToLowerInvariant());
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task BlockedPrompt_FailsWithPromptBlocked_AndPublishesNothing()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "blocked");
        brief["shots"]![0]!["prompt"] = "A bottle on a table next to a swastika flag";

        string id = await _pipeline.SubmitAsync(brief, image);
        JsonObject done = await _pipeline.WaitForEndAsync(id);

        Assert.Equal("Failed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("prompt.blocked", done["customStatus"]!["errorCode"]!.GetValue<string>());
        Assert.Contains("/shots/0/prompt", done["output"]!.GetValue<string>());
        Assert.Empty(await _pipeline.ListBlobsAsync(BlobLayout.PublishedContainer, $"contoso/{brief["briefId"]}/"));
    }

    [Fact]
    public async Task InvalidBrief_UploadedByCms_FailsWithBriefInvalid()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "invalid");
        brief["durationSeconds"] = 99;
        var uploads = _pipeline.Blobs.GetBlobContainerClient(BlobLayout.CmsUploadsContainer);
        await uploads.CreateIfNotExistsAsync();
        string folder = $"contoso/{brief["briefId"]}";
        await uploads.GetBlobClient($"{folder}/product.png").UploadAsync(BinaryData.FromBytes(image), overwrite: true);
        await uploads.GetBlobClient($"{folder}/brief.json").UploadAsync(BinaryData.FromString(brief.ToJsonString()), overwrite: true);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? id = null;
        while (id is null)
        {
            string list = await _pipeline.Http.GetStringAsync($"/api/durabletask/instances?instanceIdPrefix={Uri.EscapeDataString(folder.Replace('/', ':') + ":")}", cts.Token);
            id = JsonNode.Parse(list)!.AsArray().Select(s => s!["instanceId"]!.GetValue<string>()).FirstOrDefault();
            await Task.Delay(200, cts.Token);
        }

        JsonObject done = await _pipeline.WaitForEndAsync(id);
        Assert.Equal("Failed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("brief.invalid", done["customStatus"]!["errorCode"]!.GetValue<string>());
        Assert.True(await uploads.GetBlobClient($"{folder}/brief.json.rejected.json").ExistsAsync());
    }
}
