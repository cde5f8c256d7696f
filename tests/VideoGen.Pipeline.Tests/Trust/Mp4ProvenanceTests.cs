using System.Text;
using VideoGen.Pipeline.Provenance;

namespace VideoGen.Pipeline.Tests.Trust;

public sealed class Mp4ProvenanceTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("videogen-provenance-").FullName;
    private readonly ManifestSigner _signer = new(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");
    private ManifestVerifier _verifier = null!;
    private string _source = "";
    private string _thumbnail = "";

    public async Task InitializeAsync()
    {
        _verifier = new ManifestVerifier("dev-1", _signer.PublicKeyPem);
        _source = Path.Combine(_dir, "source.mp4");
        _thumbnail = Path.Combine(_dir, "thumbnail.jpg");
        await TestMedia.RunFfmpegAsync("-f", "lavfi", "-i", "testsrc=size=160x120:rate=24:duration=1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", _source);
        await TestMedia.RunFfmpegAsync("-f", "lavfi", "-i", "testsrc=size=160x120:rate=1:duration=1", "-frames:v", "1", _thumbnail);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _signer.Dispose();
        _verifier.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task VerifyAsync_EmbeddedSignedManifest_IsValid()
    {
        string published = await PublishAsync();

        VerificationResult result = await ProvenanceVerification.VerifyAsync(published, null, _verifier, _thumbnail);

        Assert.Empty(result.Problems);
        Assert.True(result.Valid);
        Assert.Equal("inst-1", result.Manifest!.InstanceId);
    }

    [Fact]
    public async Task ComputeAsync_EmbeddingManifest_DoesNotChangeMediaHash()
    {
        string published = await PublishAsync();

        Assert.Equal(await Mp4MediaHash.ComputeAsync(_source), await Mp4MediaHash.ComputeAsync(published));
        Assert.NotEqual(await Mp4MediaHash.FileSha256Async(_source), await Mp4MediaHash.FileSha256Async(published));
    }

    [Fact]
    public async Task ReadAsync_Embedded_ReturnsSameManifest()
    {
        string published = await PublishAsync();

        ProvenanceManifest? read = await Mp4ProvenanceEmbedder.ReadAsync(published);

        Assert.NotNull(read);
        Assert.Equal(ManifestJson.CanonicalBytes(await SignedManifestAsync()), ManifestJson.CanonicalBytes(read));
        Assert.Empty(_verifier.CheckSignature(read));
        Assert.Null(await Mp4ProvenanceEmbedder.ReadAsync(_source));
    }

    [Fact]
    public async Task VerifyAsync_ByteFlippedInMediaData_ReportsMediaHash()
    {
        string published = await PublishAsync();
        TestMedia.FlipByteInMdat(published);

        VerificationResult result = await ProvenanceVerification.VerifyAsync(published, null, _verifier);

        Assert.False(result.Valid);
        Assert.Contains("output video.mp4: media hash", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_EditedManifestFile_ReportsBadSignature()
    {
        string published = await PublishAsync();
        string manifestPath = Path.Combine(_dir, "manifest.json");
        string json = Encoding.UTF8.GetString(ManifestJson.Serialize((await Mp4ProvenanceEmbedder.ReadAsync(published))!));
        await File.WriteAllTextAsync(manifestPath, json.Replace("\"version\":1,", "\"version\":2,", StringComparison.Ordinal));

        VerificationResult result = await ProvenanceVerification.VerifyAsync(published, manifestPath, _verifier);

        Assert.False(result.Valid);
        Assert.Contains(result.Problems, p => p.StartsWith("bad signature", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("differs from the manifest file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_ManifestFileWithoutEmbedding_IsValid()
    {
        string manifestPath = Path.Combine(_dir, "manifest.json");
        await File.WriteAllBytesAsync(manifestPath, ManifestJson.Serialize(await SignedManifestAsync()));

        VerificationResult result = await ProvenanceVerification.VerifyAsync(_source, manifestPath, _verifier, _thumbnail);

        Assert.Empty(result.Problems);
    }

    [Fact]
    public async Task VerifyAsync_OtherKey_ReportsBadSignature()
    {
        string published = await PublishAsync();
        using var other = new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");
        using var otherVerifier = new ManifestVerifier("dev-1", other.PublicKeyPem);

        VerificationResult result = await ProvenanceVerification.VerifyAsync(published, null, otherVerifier);

        Assert.StartsWith("bad signature", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_RemuxedWithOtherTitle_IsStillValid()
    {
        string published = await PublishAsync();
        string remuxed = Path.Combine(_dir, "remuxed.mp4");
        await TestMedia.RunFfmpegAsync("-i", published, "-map", "0", "-c", "copy", "-map_metadata", "0", "-movflags", "+use_metadata_tags", "-metadata", "title=Another title", remuxed);

        VerificationResult result = await ProvenanceVerification.VerifyAsync(remuxed, null, _verifier);

        Assert.Empty(result.Problems);
    }

    [Fact]
    public async Task VerifyAsync_ChangedOrMissingThumbnail_ReportsIt()
    {
        string published = await PublishAsync();
        string changed = Path.Combine(_dir, "changed.jpg");
        byte[] bytes = await File.ReadAllBytesAsync(_thumbnail);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(changed, bytes);

        VerificationResult changedResult = await ProvenanceVerification.VerifyAsync(published, null, _verifier, changed);
        VerificationResult missingResult = await ProvenanceVerification.VerifyAsync(published, null, _verifier, Path.Combine(_dir, "nope.jpg"));

        Assert.Contains("output thumbnail.jpg: file hash", Assert.Single(changedResult.Problems), StringComparison.Ordinal);
        Assert.Contains("missing file", Assert.Single(missingResult.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoManifestAnywhere_ReportsIt()
    {
        VerificationResult result = await ProvenanceVerification.VerifyAsync(_source, null, _verifier);

        Assert.False(result.Valid);
        Assert.Contains("no provenance manifest", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NotAnMp4_Throws()
    {
        string garbage = Path.Combine(_dir, "garbage.mp4");
        await File.WriteAllBytesAsync(garbage, new byte[4096]);

        await Assert.ThrowsAsync<VideoGen.Media.MediaProcessingException>(() => ProvenanceVerification.VerifyAsync(garbage, null, _verifier));
    }

    [Fact]
    public async Task VerifyAsync_FileForUnlistedOutput_ReportsIt()
    {
        var files = new Dictionary<string, string> { ["captions.vtt"] = _thumbnail };

        VerificationResult result = await _verifier.VerifyAsync(await SignedManifestAsync(), files);

        Assert.Equal(["output captions.vtt: the manifest lists no such output"], result.Problems);
    }

    [Fact]
    public async Task EmbedAsync_Unsigned_Throws()
    {
        await Assert.ThrowsAsync<ProvenanceException>(
            () => Mp4ProvenanceEmbedder.EmbedAsync(_source, Path.Combine(_dir, "x.mp4"), ManifestSamples.Small()));
    }

    private async Task<ProvenanceManifest> SignedManifestAsync() =>
        _signer.Sign(ManifestSamples.Small(await Mp4MediaHash.ComputeAsync(_source), await Mp4MediaHash.FileSha256Async(_thumbnail)));

    private async Task<string> PublishAsync()
    {
        string published = Path.Combine(_dir, $"published-{Guid.NewGuid():N}.mp4");
        await Mp4ProvenanceEmbedder.EmbedAsync(_source, published, await SignedManifestAsync());
        return published;
    }
}
