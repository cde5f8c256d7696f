using VideoGen.Contracts;

namespace VideoGen.Pipeline.Provenance;

/// <summary>
/// The signed record of how a published clip was made (C2PA-inspired, our own JSON format; see README.md beside
/// this file). <see cref="ManifestJson"/> writes and reads it; <see cref="ManifestSigner"/> signs its canonical bytes.
/// </summary>
/// <param name="FormatVersion">Format version, <see cref="CurrentFormatVersion"/>.</param>
/// <param name="Tenant">Owner of the clip.</param>
/// <param name="BriefId">The brief the clip was made from.</param>
/// <param name="InstanceId">The orchestration instance that made it.</param>
/// <param name="Version">Version of the clip within the brief (1 for the first publication).</param>
/// <param name="CreatedAt">When the manifest was made.</param>
/// <param name="Inputs">Input files (brief.json, the product image).</param>
/// <param name="Chunks">Rendered chunks, in index order.</param>
/// <param name="Outputs">Published files (video.mp4, thumbnail.jpg).</param>
/// <param name="Prompts">Prompts used, by role (e.g. shot id).</param>
/// <param name="Models">Models used.</param>
/// <param name="Ffmpeg">The ffmpeg invocations of assembly and encoding.</param>
/// <param name="Safety">Content-safety result.</param>
/// <param name="Qa">Frame-level QA metrics.</param>
/// <param name="Approvals">Human decisions, in order.</param>
/// <param name="Cost">Cost summary; null when not accounted.</param>
/// <param name="Signature">The signature over the canonical bytes; null before signing.</param>
public sealed record ProvenanceManifest(
    int FormatVersion,
    TenantId Tenant,
    string BriefId,
    string InstanceId,
    int Version,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ManifestInput> Inputs,
    IReadOnlyList<ManifestChunk> Chunks,
    IReadOnlyList<ManifestOutput> Outputs,
    IReadOnlyList<ManifestPrompt> Prompts,
    IReadOnlyList<ManifestModel> Models,
    IReadOnlyList<ManifestFfmpegStep> Ffmpeg,
    ManifestSafety Safety,
    ManifestQa Qa,
    IReadOnlyList<ManifestApproval> Approvals,
    ManifestCost? Cost,
    ManifestSignature? Signature)
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Output name of the video.</summary>
    public const string VideoOutputName = "video.mp4";

    /// <summary>Output name of the thumbnail.</summary>
    public const string ThumbnailOutputName = "thumbnail.jpg";
}

/// <summary>An input file.</summary>
/// <param name="Name">File name, e.g. <c>brief.json</c>.</param>
/// <param name="Sha256">SHA-256 of the file bytes, lowercase hex.</param>
/// <param name="Bytes">File length.</param>
public sealed record ManifestInput(string Name, string Sha256, long Bytes);

/// <summary>A rendered chunk.</summary>
/// <param name="Index">Chunk index.</param>
/// <param name="Blob">Blob path of the chunk output.</param>
/// <param name="Sha256">SHA-256 of the chunk blob, lowercase hex.</param>
/// <param name="Frames">Frames in the chunk.</param>
public sealed record ManifestChunk(int Index, string Blob, string Sha256, int Frames);

/// <summary>A published file.</summary>
/// <param name="Name">File name, e.g. <see cref="ProvenanceManifest.VideoOutputName"/>.</param>
/// <param name="HashMethod"><see cref="OutputHashMethod.File"/> or <see cref="OutputHashMethod.MediaStreams"/>.</param>
/// <param name="Sha256">The hash, lowercase hex.</param>
public sealed record ManifestOutput(string Name, string HashMethod, string Sha256);

/// <summary>How an output's hash is computed.</summary>
public static class OutputHashMethod
{
    /// <summary>SHA-256 of the whole file.</summary>
    public const string File = "sha256";

    /// <summary>SHA-256 over the per-stream packet hashes (see <see cref="Mp4MediaHash"/>); unchanged by metadata edits.</summary>
    public const string MediaStreams = "sha256-media-streams";
}

/// <summary>A prompt.</summary>
/// <param name="Role">What it was for, e.g. a shot id or <c>negative</c>.</param>
/// <param name="Text">The prompt text.</param>
public sealed record ManifestPrompt(string Role, string Text);

/// <summary>A model used.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Version">Model version.</param>
/// <param name="Sha256">SHA-256 of the model file, lowercase hex.</param>
public sealed record ManifestModel(string Name, string Version, string Sha256);

/// <summary>One ffmpeg invocation.</summary>
/// <param name="Step">What it did, e.g. <c>encode-preview</c>.</param>
/// <param name="Arguments">Its arguments, one per element (file paths relative to the job folder).</param>
public sealed record ManifestFfmpegStep(string Step, IReadOnlyList<string> Arguments);

/// <summary>Content-safety result.</summary>
/// <param name="Scores">Score per category.</param>
/// <param name="Verdict">e.g. <c>pass</c>, <c>review</c>, <c>block</c>.</param>
/// <param name="PolicyVersion">Version of the policy applied.</param>
public sealed record ManifestSafety(IReadOnlyDictionary<string, double> Scores, string Verdict, string PolicyVersion);

/// <summary>Frame-level QA.</summary>
/// <param name="Metrics">Metric values by name.</param>
public sealed record ManifestQa(IReadOnlyDictionary<string, double> Metrics);

/// <summary>A human decision.</summary>
/// <param name="Approver">Reviewer email.</param>
/// <param name="Decision"><c>Approve</c> or <c>Reject</c>.</param>
/// <param name="At">When.</param>
/// <param name="Round">Approval round.</param>
public sealed record ManifestApproval(string Approver, string Decision, DateTimeOffset At, string Round);

/// <summary>Cost summary.</summary>
/// <param name="Currency">ISO currency code.</param>
/// <param name="Total">Total cost.</param>
/// <param name="PerRenderedSecond">Cost per rendered second.</param>
/// <param name="ByKind">Cost per kind (gpu, encode, storage, review).</param>
public sealed record ManifestCost(string Currency, decimal Total, decimal PerRenderedSecond, IReadOnlyDictionary<string, decimal> ByKind);

/// <summary>The signature.</summary>
/// <param name="Alg">Always <c>ES256</c> (ECDSA P-256, SHA-256, IEEE P1363 r||s).</param>
/// <param name="KeyId">Which key signed.</param>
/// <param name="Value">Signature bytes, base64.</param>
public sealed record ManifestSignature(string Alg, string KeyId, string Value);
