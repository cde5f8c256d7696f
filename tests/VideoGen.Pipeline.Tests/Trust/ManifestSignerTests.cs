using System.Text;
using VideoGen.Pipeline.Provenance;

namespace VideoGen.Pipeline.Tests.Trust;

public sealed class ManifestSignerTests
{
    [Fact]
    public void CheckSignature_SignedManifest_HasNoProblems()
    {
        using var signer = new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");
        using var verifier = new ManifestVerifier("dev-1", signer.PublicKeyPem);

        ProvenanceManifest signed = signer.Sign(ManifestSamples.Small());

        Assert.Empty(verifier.CheckSignature(signed));
        Assert.Equal("ES256", signed.Signature!.Alg);
        Assert.Empty(verifier.CheckSignature(ManifestJson.Parse(ManifestJson.Serialize(signed))));
    }

    [Fact]
    public void CheckSignature_EditedJson_ReportsBadSignature()
    {
        using var signer = new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");
        using var verifier = new ManifestVerifier("dev-1", signer.PublicKeyPem);
        string json = Encoding.UTF8.GetString(ManifestJson.Serialize(signer.Sign(ManifestSamples.Small())));

        ProvenanceManifest edited = ManifestJson.Parse(Encoding.UTF8.GetBytes(json.Replace("\"verdict\":\"pass\"", "\"verdict\":\"PASS\"", StringComparison.Ordinal)));

        Assert.Contains("bad signature", Assert.Single(verifier.CheckSignature(edited)), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSignature_OtherKeySameId_ReportsBadSignature()
    {
        using var signer = new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");
        using var impostor = new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1");
        using var verifier = new ManifestVerifier("dev-1", signer.PublicKeyPem);

        Assert.Contains("bad signature", Assert.Single(verifier.CheckSignature(impostor.Sign(ManifestSamples.Small()))), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSignature_UnknownKeyId_ReportsIt()
    {
        using var signer = new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-2");
        using var verifier = new ManifestVerifier("dev-1", signer.PublicKeyPem);

        Assert.Contains("unknown key id 'dev-2'", Assert.Single(verifier.CheckSignature(signer.Sign(ManifestSamples.Small()))), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSignature_Unsigned_ReportsIt()
    {
        using var verifier = new ManifestVerifier("dev-1", new ManifestSigner(ManifestSigner.CreateDevelopmentKeyPem(), "dev-1").PublicKeyPem);

        Assert.Equal(["the manifest is not signed"], verifier.CheckSignature(ManifestSamples.Small()));
    }

    [Fact]
    public void Constructor_NotAKey_ThrowsWithoutEchoingIt()
    {
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new ManifestSigner("secret-not-a-pem", "dev-1"));

        Assert.DoesNotContain("secret-not-a-pem", e.Message, StringComparison.Ordinal);
    }
}
