using VideoGen.Durable;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Screens everything a viewer will see in the brief against the prompt policy (data, versioned).</summary>
public sealed class ScreenBrief(PromptPolicyProvider policies) : TaskActivity<Brief, PolicyDecision>
{
    /// <inheritdoc />
    public override Task<PolicyDecision> RunAsync(TaskActivityContext context, Brief input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(PolicyEngine.Screen(input, policies.For(input.Tenant)));
    }
}

/// <summary>
/// The policy for a tenant: the default policy, with the tenant's override merged over it when one is registered.
/// </summary>
public sealed class PromptPolicyProvider
{
    private readonly Dictionary<string, PromptPolicy> _overrides = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="tenantOverride"/> for <paramref name="tenant"/>.</summary>
    public PromptPolicyProvider WithTenantOverride(string tenant, PromptPolicy tenantOverride)
    {
        _overrides[tenant] = PromptPolicy.Default.WithOverride(tenantOverride);
        return this;
    }

    /// <summary>The effective policy for <paramref name="tenant"/>.</summary>
    public PromptPolicy For(string tenant) => _overrides.GetValueOrDefault(tenant) ?? PromptPolicy.Default;
}
