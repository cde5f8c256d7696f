using System.Text;
using System.Text.Json;
using VideoGen.Contracts;
using VideoGen.Pipeline.Provenance;
using VideoGen.Testing;

namespace VideoGen.Cli.Tests;

/// <summary>A small MP4 (ffmpeg lavfi testsrc), a thumbnail, a dev signing key and a signed manifest, made once for the class.</summary>
public sealed class VerifyFixture : IAsyncLifetime
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("videogen-cli-verify-").FullName;

    public ManifestSigner Signer { get; } = new(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");

    /// <summary>The encoded clip, no manifest embedded.</summary>
    public string Source => Path.Combine(Dir, "source.mp4");

    /// <summary>The clip with the signed manifest embedded.</summary>
    public string Published => Path.Combine(Dir, "published.mp4");

    public string Thumbnail => Path.Combine(Dir, "thumbnail.jpg");

    public string ManifestFile => Path.Combine(Dir, "manifest.json");

    public string PublicKeyFile => Path.Combine(Dir, "public-key.pem");

    public ProvenanceManifest Manifest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await TestMedia.RunFfmpegAsync("-f", "lavfi", "-i", "testsrc=size=160x120:rate=24:duration=1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", Source);
        await TestMedia.RunFfmpegAsync("-f", "lavfi", "-i", "testsrc=size=160x120:rate=1:duration=1", "-frames:v", "1", Thumbnail);
        Manifest = Signer.Sign(Sample(await Mp4MediaHash.ComputeAsync(Source), await Mp4MediaHash.FileSha256Async(Thumbnail)));
        await Mp4ProvenanceEmbedder.EmbedAsync(Source, Published, Manifest);
        await File.WriteAllBytesAsync(ManifestFile, ManifestJson.Serialize(Manifest));
        await File.WriteAllTextAsync(PublicKeyFile, Signer.PublicKeyPem);
    }

    public Task DisposeAsync()
    {
        Signer.Dispose();
        Directory.Delete(Dir, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A copy of <paramref name="path"/> under a fresh name, for a test to tamper with.</summary>
    public string Copy(string path)
    {
        string copy = Path.Combine(Dir, $"{Guid.NewGuid():N}{Path.GetExtension(path)}");
        File.Copy(path, copy);
        return copy;
    }

    private static ProvenanceManifest Sample(string videoHash, string thumbnailHash) => new(
        ProvenanceManifest.CurrentFormatVersion,
        TenantId.Parse("contoso"),
        "launch-16x9",
        "contoso-run-1",
        1,
        new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero),
        [new ManifestInput("brief.json", "aa", 120)],
        [new ManifestChunk(0, "contoso/run-1/chunk-000.rgb", "cc", 24)],
        [new ManifestOutput(ProvenanceManifest.VideoOutputName, OutputHashMethod.MediaStreams, videoHash),
         new ManifestOutput(ProvenanceManifest.ThumbnailOutputName, OutputHashMethod.File, thumbnailHash)],
        [new ManifestPrompt("shot-1", "A red sneaker on a rock")],
        [new ManifestModel("motion", "1.0.0", "dd")],
        [new ManifestFfmpegStep("encode", ["-c:v", "libx264"])],
        new ManifestSafety(new Dictionary<string, double> { ["violence"] = 0.01 }, "pass", "policy-3"),
        new ManifestQa(new Dictionary<string, double> { ["flicker"] = 0.125 }),
        [new ManifestApproval("reviewer@example.com", "Approve", new DateTimeOffset(2026, 12, 1, 12, 30, 0, TimeSpan.Zero), "round-1")],
        new ManifestCost("USD", 1.52m, 0.1013m, new Dictionary<string, decimal> { ["gpu"] = 1.5m }),
        null);
}

public sealed class VerifyCommandTests(VerifyFixture data) : IClassFixture<VerifyFixture>
{
    [Fact]
    public async Task Verify_EmbeddedManifest_Exits0WithSummary()
    {
        var result = await RunAsync("verify", data.Published, "--key", data.PublicKeyFile, "--thumbnail", data.Thumbnail);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("verified", result.Out, StringComparison.Ordinal);
        Assert.Contains("tenant     contoso", result.Out, StringComparison.Ordinal);
        Assert.Contains("brief      launch-16x9", result.Out, StringComparison.Ordinal);
        Assert.Contains("instance   contoso-run-1", result.Out, StringComparison.Ordinal);
        Assert.Contains("version    1", result.Out, StringComparison.Ordinal);
        Assert.Contains("created    2026-12-01T12:00:00Z", result.Out, StringComparison.Ordinal);
        Assert.Contains("video.mp4 (sha256-media-streams", result.Out, StringComparison.Ordinal);
        Assert.Contains("Approve by reviewer@example.com", result.Out, StringComparison.Ordinal);
        Assert.Contains("thumbnail hash", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task Verify_ManifestFromSeparateFile_Exits0()
    {
        var result = await RunAsync("verify", data.Source, data.ManifestFile, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"manifest   {data.ManifestFile}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ByteFlippedInMediaData_Exits7NamingTheMediaHash()
    {
        string tampered = data.Copy(data.Published);
        TestMedia.FlipByteInMdat(tampered);

        var result = await RunAsync("verify", tampered, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.StartsWith("NOT VERIFIED", result.Out, StringComparison.Ordinal);
        Assert.Contains("output video.mp4: media hash", result.Out, StringComparison.Ordinal);
        Assert.Contains("not trusted", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedManifestFile_Exits7NamingTheSignature()
    {
        string edited = Path.Combine(data.Dir, $"{Guid.NewGuid():N}.json");
        string json = Encoding.UTF8.GetString(ManifestJson.Serialize(data.Manifest));
        await File.WriteAllTextAsync(edited, json.Replace("\"version\":1,", "\"version\":2,", StringComparison.Ordinal));

        var result = await RunAsync("verify", data.Source, edited, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains("- bad signature", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedManifestBesideEmbeddedOne_ReportsEveryProblem()
    {
        string edited = Path.Combine(data.Dir, $"{Guid.NewGuid():N}.json");
        string json = Encoding.UTF8.GetString(ManifestJson.Serialize(data.Manifest));
        await File.WriteAllTextAsync(edited, json.Replace("reviewer@example.com", "ceo@example.com", StringComparison.Ordinal));

        var result = await RunAsync("verify", data.Published, edited, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains("- bad signature", result.Out, StringComparison.Ordinal);
        Assert.Contains("differs from the manifest file", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongPublicKey_Exits7()
    {
        using var other = new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");
        string otherKey = Path.Combine(data.Dir, $"{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(otherKey, other.PublicKeyPem);

        var result = await RunAsync("verify", data.Published, "--key", otherKey);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains("- bad signature", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChangedThumbnail_Exits7NamingIt()
    {
        string changed = data.Copy(data.Thumbnail);
        byte[] bytes = await File.ReadAllBytesAsync(changed);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(changed, bytes);

        var result = await RunAsync("verify", data.Published, "--key", data.PublicKeyFile, "--thumbnail", changed);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains("output thumbnail.jpg: file hash", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Mp4WithoutManifest_Exits7()
    {
        var result = await RunAsync("verify", data.Source, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains("no provenance manifest", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NotAnMp4_Exits7SayingItCannotBeRead()
    {
        string garbage = Path.Combine(data.Dir, $"{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(garbage, new byte[4096]);

        var result = await RunAsync("verify", garbage, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.Contains("the MP4 cannot be read", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingMp4_Exits2NamingIt()
    {
        string missing = Path.Combine(data.Dir, "nope.mp4");

        var result = await RunAsync("verify", missing, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"The MP4 {missing} does not exist.", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Verify_MissingManifestOrThumbnailOrKeyFile_Exits2()
    {
        string missing = Path.Combine(data.Dir, "nope");

        var manifest = await RunAsync("verify", data.Published, missing + ".json", "--key", data.PublicKeyFile);
        var thumbnail = await RunAsync("verify", data.Published, "--key", data.PublicKeyFile, "--thumbnail", missing + ".jpg");
        var key = await RunAsync("verify", data.Published, "--key", missing + ".pem");

        Assert.True(manifest.ExitCode == 2 && manifest.Err.Contains("manifest file", StringComparison.Ordinal), manifest.ToString());
        Assert.True(thumbnail.ExitCode == 2 && thumbnail.Err.Contains("thumbnail", StringComparison.Ordinal), thumbnail.ToString());
        Assert.True(key.ExitCode == 2 && key.Err.Contains("public key file", StringComparison.Ordinal), key.ToString());
    }

    [Fact]
    public async Task Verify_NoKey_Exits2SayingHowToGiveOne()
    {
        var result = await RunAsync("verify", data.Published);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--key", result.Err, StringComparison.Ordinal);
        Assert.Contains("VIDEOGEN_MANIFEST_PUBLIC_KEY", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NotAPublicKey_Exits2()
    {
        string notKey = Path.Combine(data.Dir, $"{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(notKey, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

        var result = await RunAsync("verify", data.Published, "--key", notKey);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not a PEM ECDSA P-256 public key", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_KeyFromEnvironment_AsPemTextOrPath_Exits0()
    {
        var text = await RunWithEnvironmentAsync(new() { ["VIDEOGEN_MANIFEST_PUBLIC_KEY"] = data.Signer.PublicKeyPem }, "verify", data.Published);
        var path = await RunWithEnvironmentAsync(new() { ["VIDEOGEN_MANIFEST_PUBLIC_KEY"] = data.PublicKeyFile }, "verify", data.Published);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.True(path.ExitCode == 0, path.ToString());
    }

    [Fact]
    public async Task Verify_KeyOption_WinsOverEnvironmentAndIgnoresFunctionKey()
    {
        var result = await RunWithEnvironmentAsync(
            new() { ["VIDEOGEN_MANIFEST_PUBLIC_KEY"] = "/nowhere.pem", ["VIDEOGEN_KEY"] = "function-key" },
            "verify", data.Published, "--key", data.PublicKeyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Verify_Json_Verified_HasShape()
    {
        var result = await RunAsync("verify", data.Published, "--key", data.PublicKeyFile, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal(0, root.GetProperty("problems").GetArrayLength());
        JsonElement manifest = root.GetProperty("manifest");
        Assert.Equal("contoso", manifest.GetProperty("tenant").GetString());
        Assert.Equal("launch-16x9", manifest.GetProperty("briefId").GetString());
        Assert.Equal("contoso-run-1", manifest.GetProperty("instanceId").GetString());
        Assert.Equal(1, manifest.GetProperty("version").GetInt32());
        Assert.Equal("2026-12-01T12:00:00Z", manifest.GetProperty("createdAt").GetString());
        Assert.Equal(2, manifest.GetProperty("outputs").GetArrayLength());
        Assert.Equal("reviewer@example.com", manifest.GetProperty("approvals")[0].GetProperty("approver").GetString());
    }

    [Fact]
    public async Task Verify_Json_Tampered_ListsProblemsAndExits7()
    {
        string tampered = data.Copy(data.Published);
        TestMedia.FlipByteInMdat(tampered);

        var result = await RunAsync("verify", tampered, "--key", data.PublicKeyFile, "--json");

        Assert.True(result.ExitCode == 7, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.False(doc.RootElement.GetProperty("verified").GetBoolean());
        Assert.Contains("media hash", doc.RootElement.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("manifest").ValueKind);
    }

    private static Task<CliResult> RunAsync(params string[] args) => RunWithEnvironmentAsync([], args);

    private static async Task<CliResult> RunWithEnvironmentAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(output, error, name => environment.GetValueOrDefault(name));
        int code = await CliApp.RunAsync(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
