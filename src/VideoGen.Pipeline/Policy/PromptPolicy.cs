namespace VideoGen.Pipeline.Policy;

/// <summary>
/// A prompt policy: versioned data (the embedded default <c>policy.v1.json</c>, or a document you load), compiled on
/// construction so a bad term or pattern fails at load time. Immutable and thread-safe; screen with
/// <see cref="PolicyEngine.Screen"/>. Document format and merge rules: <c>Policy/README.md</c>.
/// </summary>
public sealed class PromptPolicy
{
    private const string DefaultResource = "VideoGen.Pipeline.Policy.policy.v1.json";

    private static readonly Lazy<PromptPolicy> DefaultPolicy = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    internal PromptPolicy(string version, string? description, IReadOnlyList<PolicyCategory> categories)
    {
        Version = version;
        Description = description;
        Categories = categories;
        Compiled = categories.Select((c, i) => new CompiledCategory(c, $"/categories/{i}")).ToArray();
    }

    /// <summary>The built-in policy (<c>policy.v1.json</c>, embedded in the assembly).</summary>
    public static PromptPolicy Default => DefaultPolicy.Value;

    /// <summary>The policy version; merged policies read <c>{default}+{override}</c>.</summary>
    public string Version { get; }

    /// <summary>What the policy is, for people.</summary>
    public string? Description { get; }

    /// <summary>The categories, in document order.</summary>
    public IReadOnlyList<PolicyCategory> Categories { get; }

    internal IReadOnlyList<CompiledCategory> Compiled { get; }

    /// <summary>Reads a policy (or a tenant override) document.</summary>
    /// <exception cref="PolicyFormatException">The document is invalid; <see cref="PolicyFormatException.Field"/> names the field.</exception>
    public static PromptPolicy Load(Stream json) => PolicyDocumentReader.Read(json);

    /// <summary>
    /// This policy with <paramref name="tenantOverride"/> merged over it. Per category id: a given <c>action</c>
    /// replaces this one's; <c>terms</c> and <c>patterns</c> are added; <c>removeTerms</c> drops terms; an id this
    /// policy lacks adds a category. A <c>locked</c> category can be tightened but never relaxed.
    /// </summary>
    /// <exception cref="PolicyFormatException">The override relaxes a locked category, or removes a term that is not there.</exception>
    public PromptPolicy WithOverride(PromptPolicy tenantOverride)
    {
        ArgumentNullException.ThrowIfNull(tenantOverride);
        var merged = Categories.ToList();
        for (int i = 0; i < tenantOverride.Categories.Count; i++)
        {
            PolicyCategory over = tenantOverride.Categories[i];
            string field = $"/categories/{i}";
            int at = merged.FindIndex(c => c.Id == over.Id);
            if (at < 0)
            {
                if (over.RemoveTerms.Count > 0)
                {
                    throw new PolicyFormatException(field + "/removeTerms", $"Category '{over.Id}' is new in the override; there are no terms to remove.");
                }

                merged.Add(over);
                continue;
            }

            merged[at] = Merge(merged[at], over, field);
        }

        return new PromptPolicy($"{Version}+{tenantOverride.Version}", Description, merged);
    }

    private static PolicyCategory Merge(PolicyCategory baseline, PolicyCategory over, string field)
    {
        PolicyVerdict action = over.Action ?? baseline.EffectiveAction;
        if (baseline.Locked && action < baseline.EffectiveAction)
        {
            throw new PolicyFormatException(field + "/action", $"Category '{baseline.Id}' is locked: an override may tighten it but not relax it to '{over.Action}'.");
        }

        if (baseline.Locked && over.RemoveTerms.Count > 0)
        {
            throw new PolicyFormatException(field + "/removeTerms", $"Category '{baseline.Id}' is locked: an override may not remove its terms.");
        }

        var terms = baseline.Terms.ToList();
        foreach (string remove in over.RemoveTerms)
        {
            if (terms.RemoveAll(t => string.Equals(t.Trim(), remove.Trim(), StringComparison.OrdinalIgnoreCase)) == 0)
            {
                throw new PolicyFormatException(field + "/removeTerms", $"Category '{baseline.Id}' has no term '{remove}' to remove.");
            }
        }

        terms.AddRange(over.Terms.Where(t => !terms.Contains(t, StringComparer.OrdinalIgnoreCase)));
        var patterns = baseline.Patterns.Concat(over.Patterns).Distinct(StringComparer.Ordinal).ToList();
        return baseline with { Action = action, Terms = terms, Patterns = patterns, RemoveTerms = [] };
    }

    private static PromptPolicy LoadDefault()
    {
        using Stream stream = PipelineAssembly.Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultResource} is missing from {PipelineAssembly.Assembly.GetName().Name}.");
        return Load(stream);
    }
}
