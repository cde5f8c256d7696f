using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VideoGen.Contracts;

namespace VideoGen.Pipeline.Provenance;

/// <summary>
/// The manifest's JSON: <see cref="CanonicalBytes"/> (what is signed: everything but <c>signature</c>) and
/// <see cref="Serialize"/> (the file: the canonical form with <c>signature</c> last). Both are UTF-8 without BOM and
/// follow the rules of README.md, so they are byte-for-byte stable across runs and machines.
/// </summary>
public static class ManifestJson
{
    /// <summary>Largest manifest accepted when reading, in bytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    // Wire contract for reading; writing never uses it (see CanonicalJsonWriter).
    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
        Converters = { new TenantIdConverter() },
    };

    /// <summary>The bytes a signature covers: the manifest without <c>signature</c>, canonical.</summary>
    /// <exception cref="ProvenanceException">A value cannot be written canonically (non-finite number, unpaired surrogate).</exception>
    public static byte[] CanonicalBytes(ProvenanceManifest manifest) => Encoding.UTF8.GetBytes(Write(manifest, withSignature: false));

    /// <summary>The manifest file: canonical, with <c>signature</c> (or <c>null</c>) as the last property.</summary>
    public static byte[] Serialize(ProvenanceManifest manifest) => Encoding.UTF8.GetBytes(Write(manifest, withSignature: true));

    /// <summary>Reads a manifest file.</summary>
    /// <exception cref="ProvenanceException">Not a manifest of a known format version: names what is wrong.</exception>
    public static ProvenanceManifest Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBytes)
        {
            throw new ProvenanceException($"The manifest is {json.Length} bytes; at most {MaxBytes} are accepted.");
        }

        ProvenanceManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ProvenanceManifest>(json, ReadOptions);
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            throw new ProvenanceException($"The manifest is not valid: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ProvenanceException("The manifest is JSON null.");
        }

        return manifest.FormatVersion == ProvenanceManifest.CurrentFormatVersion
            ? manifest
            : throw new ProvenanceException($"The manifest has format version {manifest.FormatVersion}; this code reads version {ProvenanceManifest.CurrentFormatVersion}.");
    }

    private static string Write(ProvenanceManifest m, bool withSignature)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Tenant.Value is null)
        {
            throw new ProvenanceException("The manifest has no tenant.");
        }

        var w = new CanonicalJsonWriter().StartObject()
            .Property("formatVersion", m.FormatVersion)
            .Property("tenant", m.Tenant.Value)
            .Property("briefId", m.BriefId)
            .Property("instanceId", m.InstanceId)
            .Property("version", m.Version);
        w.Name("createdAt").Timestamp(m.CreatedAt);
        w.Array("inputs", m.Inputs, (w, i) => w.StartObject().Property("name", i.Name).Property("sha256", i.Sha256).Property("bytes", i.Bytes).EndObject());
        w.Array("chunks", m.Chunks, (w, c) => w.StartObject().Property("index", c.Index).Property("blob", c.Blob).Property("sha256", c.Sha256).Property("frames", c.Frames).EndObject());
        w.Array("outputs", m.Outputs, (w, o) => w.StartObject().Property("name", o.Name).Property("hashMethod", o.HashMethod).Property("sha256", o.Sha256).EndObject());
        w.Array("prompts", m.Prompts, (w, p) => w.StartObject().Property("role", p.Role).Property("text", p.Text).EndObject());
        w.Array("models", m.Models, (w, x) => w.StartObject().Property("name", x.Name).Property("version", x.Version).Property("sha256", x.Sha256).EndObject());
        w.Array("ffmpeg", m.Ffmpeg, (w, f) => w.StartObject().Property("step", f.Step).Array("arguments", f.Arguments, (w, a) => w.String(a)).EndObject());
        w.Name("safety").StartObject()
            .Property("scores", m.Safety.Scores, (w, v) => w.Number(v))
            .Property("verdict", m.Safety.Verdict)
            .Property("policyVersion", m.Safety.PolicyVersion)
            .EndObject();
        w.Name("qa").StartObject().Property("metrics", m.Qa.Metrics, (w, v) => w.Number(v)).EndObject();
        w.Array("approvals", m.Approvals, (w, a) =>
        {
            w.StartObject().Property("approver", a.Approver).Property("decision", a.Decision);
            w.Name("at").Timestamp(a.At);
            w.Property("round", a.Round).EndObject();
        });
        w.Name("cost");
        if (m.Cost is null)
        {
            w.Null();
        }
        else
        {
            w.StartObject().Property("currency", m.Cost.Currency);
            w.Name("total").Number(m.Cost.Total);
            w.Name("perRenderedSecond").Number(m.Cost.PerRenderedSecond);
            w.Property("byKind", m.Cost.ByKind, (w, v) => w.Number(v)).EndObject();
        }

        if (withSignature)
        {
            w.Name("signature");
            if (m.Signature is null)
            {
                w.Null();
            }
            else
            {
                w.StartObject().Property("alg", m.Signature.Alg).Property("keyId", m.Signature.KeyId).Property("value", m.Signature.Value).EndObject();
            }
        }

        return w.EndObject().ToString();
    }

    private sealed class TenantIdConverter : JsonConverter<TenantId>
    {
        public override TenantId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TenantId.Parse(reader.GetString() ?? throw new JsonException("tenant is null"));

        public override void Write(Utf8JsonWriter writer, TenantId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }
}
