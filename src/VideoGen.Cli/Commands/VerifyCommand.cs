using System.CommandLine;
using System.ComponentModel;
using System.Globalization;
using VideoGen.Media;
using VideoGen.Pipeline.Provenance;

namespace VideoGen.Cli.Commands;

/// <summary>
/// <c>videogen verify &lt;mp4&gt; [manifest.json] [--key &lt;public-key.pem&gt;] [--thumbnail &lt;jpg&gt;]</c>: checks a
/// published clip's signed provenance locally (no server): the manifest (given, or embedded in the MP4), its ES256
/// signature against the public key, the MP4's media-stream hash and, when given, the thumbnail's hash.
/// Exit 0 when verified, <see cref="ExitCodes.NotVerified"/> on any problem, 2 for missing files or no key.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>Environment variable holding the public key: a PEM file path or the PEM text itself.</summary>
    public const string PublicKeyVariable = "VIDEOGEN_MANIFEST_PUBLIC_KEY";

    public static Command Create(CliSession session)
    {
        var mp4 = new Argument<string>("mp4") { Description = "The published MP4" };
        var manifest = new Argument<string?>("manifest")
        {
            Description = "The manifest.json published beside it (default: the manifest embedded in the MP4)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var key = new Option<string?>("--key")
        {
            Description = $"The signer's public key, SPKI PEM file (for verify this is not the function key) [env: {PublicKeyVariable}, a path or PEM text]",
            HelpName = "public-key.pem",
        };
        var thumbnail = new Option<string?>("--thumbnail")
        {
            Description = "Also check this thumbnail against the manifest's thumbnail.jpg hash",
            HelpName = "jpg",
        };
        var command = new Command("verify", "Check a published MP4's signed provenance manifest locally (signature, media hash, thumbnail)")
        {
            mp4, manifest, key, thumbnail,
        };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            var mp4Path = RequireFile(parse.GetRequiredValue(mp4), "MP4");
            var manifestPath = parse.GetValue(manifest) is { } m ? RequireFile(m, "manifest file") : null;
            var thumbnailPath = parse.GetValue(thumbnail) is { } t ? RequireFile(t, "thumbnail") : null;
            var publicKeyPem = ReadPublicKey(parse.GetValue(key), ctx.Env);

            var result = await VerifyAsync(mp4Path, manifestPath, thumbnailPath, publicKeyPem, ct).ConfigureAwait(false);
            var source = manifestPath ?? "embedded in the MP4";
            if (ctx.Json)
            {
                ctx.WriteJson(new { verified = result.Valid, problems = result.Problems, manifest = Summary(result.Manifest, source) });
            }
            else
            {
                Print(ctx, result, source, thumbnailPath is not null);
            }

            return result.Valid ? ExitCodes.Success : ExitCodes.NotVerified;
        });
        return command;
    }

    /// <summary>
    /// Reads the manifest once to learn the key id it names, then trusts the given key under that id: the key, not the
    /// id, is what the user vouches for. Unreadable manifests and MP4s are problems (exit 7), not crashes.
    /// </summary>
    private static async Task<VerificationResult> VerifyAsync(
        string mp4Path, string? manifestPath, string? thumbnailPath, string publicKeyPem, CancellationToken ct)
    {
        ProvenanceManifest? claimed;
        try
        {
            claimed = manifestPath is not null
                ? ManifestJson.Parse(await ReadManifestFileAsync(manifestPath, ct).ConfigureAwait(false))
                : await Mp4ProvenanceEmbedder.ReadAsync(mp4Path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsVerificationFailure(e))
        {
            return VerificationResult.From([Problem(e)], null);
        }

        ManifestVerifier verifier;
        try
        {
            verifier = new ManifestVerifier(claimed?.Signature?.KeyId ?? "(unsigned)", publicKeyPem);
        }
        catch (ArgumentException)
        {
            throw new InvalidInputException("The public key is not a PEM ECDSA P-256 public key (-----BEGIN PUBLIC KEY-----).");
        }

        using (verifier)
        {
            try
            {
                return await ProvenanceVerification.VerifyAsync(mp4Path, manifestPath, verifier, thumbnailPath, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsVerificationFailure(e))
            {
                return VerificationResult.From([Problem(e)], claimed);
            }
        }
    }

    private static async Task<byte[]> ReadManifestFileAsync(string path, CancellationToken ct) =>
        new FileInfo(path).Length > ManifestJson.MaxBytes
            ? throw new ProvenanceException($"The manifest file is larger than {ManifestJson.MaxBytes} bytes.")
            : await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);

    private static bool IsVerificationFailure(Exception e) =>
        e is ProvenanceException or MediaProcessingException or IOException or UnauthorizedAccessException;

    /// <summary>The problem <paramref name="e"/> stands for; throws instead when it is the environment, not the content.</summary>
    private static string Problem(Exception e) => e switch
    {
        ProvenanceException p => $"the manifest cannot be read: {p.Message}",
        MediaProcessingException { InnerException: Win32Exception } m =>
            throw new InvalidInputException($"verify needs ffmpeg and ffprobe on PATH: {m.Message}", m),
        MediaProcessingException m => $"the MP4 cannot be read as a video: {m.Message}",
        FileNotFoundException f => throw new InvalidInputException($"The file {f.FileName} does not exist.", f),
        _ => throw new InvalidInputException($"A file cannot be read: {e.Message}", e),
    };

    private static string RequireFile(string path, string what) =>
        File.Exists(path) ? path : throw new InvalidInputException($"The {what} {path} does not exist.");

    /// <summary>The PEM from --key (a file), else from VIDEOGEN_MANIFEST_PUBLIC_KEY (a file path or the PEM text).</summary>
    private static string ReadPublicKey(string? keyOption, CliEnvironment env)
    {
        string? value = NonEmpty(keyOption);
        string origin = "--key";
        if (value is null)
        {
            value = NonEmpty(env.GetEnvironmentVariable(PublicKeyVariable));
            origin = PublicKeyVariable;
        }

        if (value is null)
        {
            throw new InvalidInputException(
                $"No public key to verify against: pass --key <public-key.pem> or set {PublicKeyVariable} to a PEM file path or the PEM text.");
        }

        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return value;
        }

        if (!File.Exists(value))
        {
            throw new InvalidInputException($"The public key file {value} (from {origin}) does not exist.");
        }

        try
        {
            return File.ReadAllText(value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"The public key file {value} cannot be read: {e.Message}", e);
        }
    }

    private static object? Summary(ProvenanceManifest? m, string source) => m is null ? null : new
    {
        tenant = m.Tenant.Value,
        briefId = m.BriefId,
        instanceId = m.InstanceId,
        version = m.Version,
        createdAt = Timestamp(m.CreatedAt),
        keyId = m.Signature?.KeyId,
        source,
        outputs = m.Outputs.Select(o => new { name = o.Name, hashMethod = o.HashMethod, sha256 = o.Sha256 }),
        approvals = m.Approvals.Select(a => new { approver = a.Approver, decision = a.Decision, at = Timestamp(a.At), round = a.Round }),
    };

    private static void Print(CommandContext ctx, VerificationResult result, string source, bool thumbnailChecked)
    {
        if (result.Valid)
        {
            ctx.Line("verified");
            ctx.Line($"  checked    signature, media hash{(thumbnailChecked ? ", thumbnail hash" : "")}");
        }
        else
        {
            ctx.Line("NOT VERIFIED");
            foreach (var problem in result.Problems)
            {
                ctx.Line($"  - {problem}");
            }
        }

        if (result.Manifest is not { } m)
        {
            return;
        }

        ctx.Line(result.Valid ? "" : "The manifest claims (not trusted):");
        ctx.Line($"  tenant     {m.Tenant.Value}");
        ctx.Line($"  brief      {m.BriefId}");
        ctx.Line($"  instance   {m.InstanceId}");
        ctx.Line($"  version    {m.Version.ToString(CultureInfo.InvariantCulture)}");
        ctx.Line($"  created    {Timestamp(m.CreatedAt)}");
        ctx.Line($"  signed     {(m.Signature is { } s ? $"{s.Alg}, key id {s.KeyId}" : "no")}");
        ctx.Line($"  manifest   {source}");
        ctx.Line($"  outputs    {(m.Outputs.Count == 0 ? "none" : string.Join(", ", m.Outputs.Select(o => $"{o.Name} ({o.HashMethod} {Short(o.Sha256)})")))}");
        ctx.Line($"  approvals  {(m.Approvals.Count == 0 ? "none" : string.Join(", ", m.Approvals.Select(a => $"{a.Decision} by {a.Approver} at {Timestamp(a.At)} ({a.Round})")))}");
    }

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
