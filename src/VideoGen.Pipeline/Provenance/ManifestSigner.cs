using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace VideoGen.Pipeline.Provenance;

/// <summary>Settings of <see cref="ManifestSigner"/> (section <c>Provenance:Signing</c>).</summary>
public sealed class ManifestSigningOptions
{
    /// <summary>Key id written into signatures, so verifiers pick the matching public key.</summary>
    public string KeyId { get; set; } = "";

    /// <summary>
    /// The ECDSA P-256 private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>). Locally a development key
    /// from <see cref="ManifestSigner.CreateDevelopmentKeyPem"/>; in Azure the app setting is a Key Vault reference
    /// (<c>@Microsoft.KeyVault(SecretUri=...)</c>) that resolves to the same PEM. Never logged.
    /// </summary>
    public string PrivateKeyPem { get; set; } = "";
}

/// <summary>Signs manifests with ES256 (ECDSA P-256 over SHA-256, IEEE P1363 signature) over <see cref="ManifestJson.CanonicalBytes"/>.</summary>
public sealed class ManifestSigner : IDisposable
{
    /// <summary>The signature algorithm name.</summary>
    public const string Algorithm = "ES256";

    private readonly ECDsa _key;

    /// <summary>Creates the signer from settings.</summary>
    /// <exception cref="OptionsValidationException">No key id, or the PEM is not a P-256 private key.</exception>
    public ManifestSigner(IOptions<ManifestSigningOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.PrivateKeyPem, options.Value.KeyId)
    {
    }

    /// <summary>Creates the signer from a PKCS#8 PEM and a key id.</summary>
    /// <exception cref="OptionsValidationException">No key id, or the PEM is not a P-256 private key.</exception>
    public ManifestSigner(string privateKeyPem, string keyId)
    {
        if (string.IsNullOrWhiteSpace(keyId))
        {
            throw Invalid("the manifest signing key id is empty");
        }

        KeyId = keyId;
        _key = ECDsa.Create();
        try
        {
            _key.ImportFromPem(privateKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            _key.Dispose();
            throw Invalid($"manifest signing key '{keyId}' is not a PEM ECDSA private key");
        }

        if (_key.KeySize != 256 || _key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            _key.Dispose();
            throw Invalid($"manifest signing key '{keyId}' is not on curve P-256");
        }
    }

    /// <summary>The key id written into signatures.</summary>
    public string KeyId { get; }

    /// <summary>The public key as SPKI PEM (<c>-----BEGIN PUBLIC KEY-----</c>), for <see cref="ManifestVerifier"/>.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>A fresh P-256 private key as PKCS#8 PEM, for local development and tests.</summary>
    public static string CreateDevelopmentKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Returns <paramref name="manifest"/> with a fresh signature (any previous one is replaced).</summary>
    public ProvenanceManifest Sign(ProvenanceManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        byte[] signature = _key.SignData(ManifestJson.CanonicalBytes(manifest), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return manifest with { Signature = new ManifestSignature(Algorithm, KeyId, Convert.ToBase64String(signature)) };
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static OptionsValidationException Invalid(string problem) =>
        new(nameof(ManifestSigningOptions), typeof(ManifestSigningOptions), [problem]);
}
