using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace VideoGen.Inference;

/// <summary>
/// The list of models a worker may load (<c>models.json</c>): name, version, file, SHA-256, tier and the
/// input/output contract of each. File paths resolve against <see cref="BaseDirectory"/>, the manifest's folder.
/// </summary>
public sealed partial class ModelManifest
{
    /// <summary>
    /// The manifest's JSON serializer options. This is a wire contract: manifests are written by one build and read
    /// by another, so property names, enum spellings and dimension encoding must not change.
    /// </summary>
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Dictionary<ModelKey, ModelEntry> _byKey;

    /// <summary>Creates a manifest from entries; validates them.</summary>
    /// <exception cref="ModelManifestException">An entry is malformed or listed twice.</exception>
    public ModelManifest(IEnumerable<ModelEntry> models, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        Models = [.. models];
        BaseDirectory = Path.GetFullPath(baseDirectory);
        _byKey = [];
        foreach (var entry in Models)
        {
            Validate(entry);
            if (!_byKey.TryAdd(entry.Key, entry))
            {
                throw new ModelManifestException($"The manifest lists model {entry.Key} twice.");
            }
        }
    }

    /// <summary>Every listed model.</summary>
    public IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>The folder that relative model paths resolve against.</summary>
    public string BaseDirectory { get; }

    /// <summary>Reads and validates a manifest file.</summary>
    /// <exception cref="ModelManifestException">The file is missing, not valid JSON, or an entry is malformed.</exception>
    public static ModelManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ModelManifestException($"Model manifest '{full}' does not exist.");
        }
        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses manifest JSON; relative model paths resolve against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ModelManifestException">The JSON is invalid or an entry is malformed.</exception>
    public static ModelManifest Parse(string json, string baseDirectory)
    {
        ManifestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ManifestDocument>(json, SerializerOptions);
        }
        catch (JsonException e)
        {
            throw new ModelManifestException($"The model manifest is not valid: {e.Message}", e);
        }
        if (document?.Models is null)
        {
            throw new ModelManifestException("The model manifest has no 'models' array.");
        }
        return new ModelManifest(document.Models, baseDirectory);
    }

    /// <summary>Serializes the manifest (paths as listed, not resolved).</summary>
    public string ToJson() => JsonSerializer.Serialize(new ManifestDocument { Models = [.. Models] }, SerializerOptions);

    /// <summary>Finds a model by name and version.</summary>
    /// <exception cref="ModelManifestException">No such model is listed; the message names the versions that are.</exception>
    public ModelEntry Get(ModelKey key)
    {
        if (_byKey.TryGetValue(key, out var entry))
        {
            return entry;
        }
        var versions = Models.Where(m => m.Name == key.Name).Select(m => m.Version).ToList();
        throw new ModelManifestException(versions.Count == 0
            ? $"Model '{key.Name}' is not in the manifest (listed: {string.Join(", ", Models.Select(m => m.Key))})."
            : $"Model '{key.Name}' has no version '{key.Version}' in the manifest (listed versions: {string.Join(", ", versions)}).");
    }

    /// <summary>The absolute path of an entry's file.</summary>
    public string ResolvePath(ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Path.GetFullPath(Path.Combine(BaseDirectory, entry.File));
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>, the form the manifest uses.</summary>
    public static string ComputeSha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Validate(ModelEntry entry)
    {
        var key = entry.Key;
        if (string.IsNullOrWhiteSpace(entry.Name) || string.IsNullOrWhiteSpace(entry.Version))
        {
            throw new ModelManifestException($"A manifest entry has an empty name or version ({key}).");
        }
        if (string.IsNullOrWhiteSpace(entry.File))
        {
            throw new ModelManifestException($"Model {key} has no 'file'.");
        }
        if (entry.Sha256 is null || !Sha256Pattern().IsMatch(entry.Sha256))
        {
            throw new ModelManifestException($"Model {key} has sha256 '{entry.Sha256}', which is not 64 lower-case hex digits.");
        }
        if (entry.Inputs is not { Count: > 0 } || entry.Outputs is not { Count: > 0 })
        {
            throw new ModelManifestException($"Model {key} must list at least one input and one output.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in entry.Inputs.Concat(entry.Outputs))
        {
            if (string.IsNullOrWhiteSpace(spec.Name) || !names.Add(spec.Name))
            {
                throw new ModelManifestException($"Model {key} has an empty or repeated tensor name '{spec.Name}'.");
            }
            if (spec.Shape is null)
            {
                throw new ModelManifestException($"Model {key} tensor '{spec.Name}' has no shape.");
            }
        }
        if (entry.BatchDimension is { } batch)
        {
            if (!entry.Inputs.Any(i => LeadsWith(i, batch)))
            {
                throw new ModelManifestException($"Model {key} declares batch dimension '{batch}' but no input leads with it.");
            }
            if (entry.Outputs.FirstOrDefault(o => !LeadsWith(o, batch)) is { } output)
            {
                throw new ModelManifestException($"Model {key} declares batch dimension '{batch}' but output '{output.Name}' does not lead with it.");
            }
        }
    }

    internal static bool LeadsWith(TensorSpec spec, string batchDimension) =>
        spec.Shape.Count > 0 && spec.Shape[0].Symbol == batchDimension;

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    private sealed class ManifestDocument
    {
        public int SchemaVersion { get; set; } = 1;

        public List<ModelEntry>? Models { get; set; }
    }
}
