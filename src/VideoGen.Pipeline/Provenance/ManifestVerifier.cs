using System.Security.Cryptography;

namespace VideoGen.Pipeline.Provenance;

/// <summary>Checks a manifest's signature against known public keys and its output hashes against files.</summary>
public sealed class ManifestVerifier : IDisposable
{
    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier trusting one key.</summary>
    /// <exception cref="ArgumentException">The PEM is not an SPKI P-256 public key.</exception>
    public ManifestVerifier(string keyId, string publicKeyPem)
        : this(new Dictionary<string, string> { [keyId] = publicKeyPem })
    {
    }

    /// <summary>Creates a verifier trusting several keys (SPKI PEM by key id), e.g. during rotation.</summary>
    /// <exception cref="ArgumentException">A PEM is not an SPKI P-256 public key.</exception>
    public ManifestVerifier(IReadOnlyDictionary<string, string> publicKeyPemsByKeyId)
    {
        ArgumentNullException.ThrowIfNull(publicKeyPemsByKeyId);
        foreach ((string keyId, string pem) in publicKeyPemsByKeyId)
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(pem);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                key.Dispose();
                throw new ArgumentException($"Public key '{keyId}' is not a PEM ECDSA public key.", nameof(publicKeyPemsByKeyId), e);
            }

            if (key.KeySize != 256)
            {
                key.Dispose();
                throw new ArgumentException($"Public key '{keyId}' is not a P-256 key.", nameof(publicKeyPemsByKeyId));
            }

            _keys.Add(keyId, key);
        }
    }

    /// <summary>Problems with the signature: missing, wrong algorithm, unknown key id, or not matching the content.</summary>
    public IReadOnlyList<string> CheckSignature(ProvenanceManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ManifestSignature? signature = manifest.Signature;
        if (signature is null)
        {
            return ["the manifest is not signed"];
        }

        if (signature.Alg != ManifestSigner.Algorithm)
        {
            return [$"the signature algorithm is '{signature.Alg}', expected {ManifestSigner.Algorithm}"];
        }

        if (!_keys.TryGetValue(signature.KeyId, out ECDsa? key))
        {
            return [$"the manifest is signed with unknown key id '{signature.KeyId}'"];
        }

        byte[] value;
        try
        {
            value = Convert.FromBase64String(signature.Value);
        }
        catch (FormatException)
        {
            return ["bad signature: the signature value is not base64"];
        }

        bool ok = key.VerifyData(ManifestJson.CanonicalBytes(manifest), value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return ok ? [] : ["bad signature: the manifest content does not match its signature (edited, or signed by another key)"];
    }

    /// <summary>
    /// Checks the signature and each given file against the manifest output of the same name (media-stream hash or
    /// file hash, as the output says).
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="outputFiles">Local path by output name; outputs not listed are not checked.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="IOException">A file exists but cannot be read.</exception>
    /// <exception cref="VideoGen.Media.MediaProcessingException">ffmpeg cannot read a video output.</exception>
    public async Task<VerificationResult> VerifyAsync(
        ProvenanceManifest manifest, IReadOnlyDictionary<string, string> outputFiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputFiles);
        var problems = new List<string>(CheckSignature(manifest));
        foreach ((string name, string path) in outputFiles.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            ManifestOutput? output = manifest.Outputs.FirstOrDefault(o => o.Name == name);
            if (output is null)
            {
                problems.Add($"output {name}: the manifest lists no such output");
            }
            else if (!File.Exists(path))
            {
                problems.Add($"output {name}: missing file {path}");
            }
            else
            {
                string actual = output.HashMethod switch
                {
                    OutputHashMethod.MediaStreams => await Mp4MediaHash.ComputeAsync(path, cancellationToken).ConfigureAwait(false),
                    OutputHashMethod.File => await Mp4MediaHash.FileSha256Async(path, cancellationToken).ConfigureAwait(false),
                    _ => "",
                };
                if (actual.Length == 0)
                {
                    problems.Add($"output {name}: unknown hash method '{output.HashMethod}'");
                }
                else if (!string.Equals(actual, output.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    string kind = output.HashMethod == OutputHashMethod.MediaStreams ? "media hash" : "file hash";
                    problems.Add($"output {name}: {kind} {actual} does not match the manifest's {output.Sha256} (the content was changed)");
                }
            }
        }

        return VerificationResult.From(problems, manifest);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (ECDsa key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
