using System.Text.Json;

namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// Why an upload was rejected; the function app writes it as <c>{name}.rejected.json</c> beside the rejected upload
/// (see <see cref="PathFor"/>), serialized with <see cref="BriefJson.Options"/>.
/// </summary>
/// <param name="BlobPath">Path of the rejected upload in <c>cms-uploads</c>, e.g. <c>contoso/launch-16x9/brief.json</c>.</param>
/// <param name="Code">The error code, e.g. <see cref="BriefValidationException.Code"/>.</param>
/// <param name="Errors">Every error found.</param>
/// <param name="RejectedAt">When it was rejected.</param>
public sealed record BriefRejection(string BlobPath, string Code, IReadOnlyList<BriefValidationError> Errors, DateTimeOffset RejectedAt)
{
    /// <summary>The suffix appended to the upload's name.</summary>
    public const string Suffix = ".rejected.json";

    /// <summary>The rejection of <paramref name="blobPath"/> for the errors of <paramref name="exception"/>.</summary>
    public static BriefRejection From(string blobPath, BriefValidationException exception, DateTimeOffset rejectedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobPath);
        ArgumentNullException.ThrowIfNull(exception);
        return new BriefRejection(blobPath, BriefValidationException.Code, exception.Errors, rejectedAt);
    }

    /// <summary><c>{blobPath}.rejected.json</c>: where the rejection of <paramref name="blobPath"/> is written.</summary>
    public static string PathFor(string blobPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobPath);
        return blobPath + Suffix;
    }

    /// <summary>Reads a rejection record written by <see cref="ToUtf8Json"/>.</summary>
    /// <exception cref="JsonException">The text is not a rejection record.</exception>
    public static BriefRejection FromUtf8Json(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<BriefRejection>(utf8Json, BriefJson.Options)
        ?? throw new JsonException("The rejection record is JSON null.");

    /// <summary>The record as indented UTF-8 JSON (<see cref="BriefJson.Options"/>, nulls written).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, WriteOptions);

    private static readonly JsonSerializerOptions WriteOptions = new(BriefJson.Options)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never, // "limit": null is written; the record requires it on read.
    };
}
