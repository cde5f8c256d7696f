using System.Text;
using VideoGen.Pipeline.Provenance;

namespace VideoGen.Pipeline.Tests.Trust;

public sealed class ManifestJsonTests
{
    // The canonical form of ManifestSamples.Small(); any change to it breaks every signature ever made.
    private const string GoldenCanonical =
        "{\"formatVersion\":1,\"tenant\":\"tenant-a\",\"briefId\":\"brief-1\",\"instanceId\":\"inst-1\",\"version\":1," +
        "\"createdAt\":\"2026-12-01T12:00:00.1234567Z\"," +
        "\"inputs\":[{\"name\":\"brief.json\",\"sha256\":\"aa\",\"bytes\":120},{\"name\":\"product.png\",\"sha256\":\"bb\",\"bytes\":4096}]," +
        "\"chunks\":[{\"index\":0,\"blob\":\"tenant-a/inst-1/chunk-000.rgb\",\"sha256\":\"cc\",\"frames\":24}]," +
        "\"outputs\":[{\"name\":\"video.mp4\",\"hashMethod\":\"sha256-media-streams\",\"sha256\":\"00\"},{\"name\":\"thumbnail.jpg\",\"hashMethod\":\"sha256\",\"sha256\":\"11\"}]," +
        "\"prompts\":[{\"role\":\"shot-1\",\"text\":\"A \\\"red\\\" sneaker\\non a rock, café ☕ \\u0001\"}]," +
        "\"models\":[{\"name\":\"motion\",\"version\":\"1.0.0\",\"sha256\":\"dd\"}]," +
        "\"ffmpeg\":[{\"step\":\"encode\",\"arguments\":[\"-c:v\",\"libx264\",\"-crf\",\"18\"]}]," +
        "\"safety\":{\"scores\":{\"hate\":0,\"sexual\":1.5E-07,\"violence\":0.01},\"verdict\":\"pass\",\"policyVersion\":\"policy-3\"}," +
        "\"qa\":{\"metrics\":{\"fidelity\":0.97,\"flicker\":0.125}}," +
        "\"approvals\":[{\"approver\":\"reviewer@example.com\",\"decision\":\"Approve\",\"at\":\"2026-12-01T12:00:00.0000000Z\",\"round\":\"round-1\"}]," +
        "\"cost\":{\"currency\":\"USD\",\"total\":1.52,\"perRenderedSecond\":0.1013,\"byKind\":{\"encode\":0.02,\"gpu\":1.5}}}";

    [Fact]
    public void CanonicalBytes_SampleManifest_MatchesGolden()
    {
        Assert.Equal(GoldenCanonical, Encoding.UTF8.GetString(ManifestJson.CanonicalBytes(ManifestSamples.Small())));
    }

    [Fact]
    public void CanonicalBytes_MapInsertionOrder_DoesNotMatter()
    {
        Assert.Equal(ManifestJson.CanonicalBytes(ManifestSamples.Small()), ManifestJson.CanonicalBytes(ManifestSamples.Small(reverseMaps: true)));
    }

    [Fact]
    public void Parse_SerializedManifest_GivesSameCanonicalBytes()
    {
        ProvenanceManifest manifest = ManifestSamples.Small() with { Signature = new ManifestSignature("ES256", "k1", "AAAA") };

        ProvenanceManifest parsed = ManifestJson.Parse(ManifestJson.Serialize(manifest));

        Assert.Equal(ManifestJson.Serialize(manifest), ManifestJson.Serialize(parsed));
        Assert.Equal(manifest.Signature, parsed.Signature);
    }

    [Fact]
    public void Serialize_SignatureIsLastAndOnlyDifference()
    {
        ProvenanceManifest signed = ManifestSamples.Small() with { Signature = new ManifestSignature("ES256", "k1", "AAAA") };

        string file = Encoding.UTF8.GetString(ManifestJson.Serialize(signed));

        Assert.Equal(GoldenCanonical[..^1] + ",\"signature\":{\"alg\":\"ES256\",\"keyId\":\"k1\",\"value\":\"AAAA\"}}", file);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("null")]
    public void Parse_NotAManifest_ThrowsProvenanceException(string json)
    {
        Assert.Throws<ProvenanceException>(() => ManifestJson.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Parse_UnknownProperty_Throws()
    {
        string json = Encoding.UTF8.GetString(ManifestJson.Serialize(ManifestSamples.Small()))[..^1] + ",\"extra\":1}";

        Assert.Throws<ProvenanceException>(() => ManifestJson.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void CanonicalBytes_NaN_Throws()
    {
        ProvenanceManifest m = ManifestSamples.Small();
        m = m with { Qa = new ManifestQa(new Dictionary<string, double> { ["x"] = double.NaN }) };

        Assert.Throws<ProvenanceException>(() => ManifestJson.CanonicalBytes(m));
    }
}
