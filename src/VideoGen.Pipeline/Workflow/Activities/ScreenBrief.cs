using VideoGen.Contracts;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// Screens everything a viewer will see in the brief against the prompt policy (data, versioned): the default
/// merged with the tenant's override from <c>policies/{tenant}/prompt-policy.json</c> when it has one. A stored
/// override that is invalid fails the run with <c>policy.invalid</c> naming the blob and field — never a silent
/// fallback to the (possibly laxer) default.
/// </summary>
public sealed class ScreenBrief(TenantPolicyStore policies) : TaskActivity<Brief, PolicyDecision>
{
    /// <inheritdoc />
    public override async Task<PolicyDecision> RunAsync(TaskActivityContext context, Brief input)
    {
        ArgumentNullException.ThrowIfNull(input);
        PromptPolicy policy;
        try
        {
            policy = await policies.ForAsync(TenantId.Parse(input.Tenant), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TenantPolicyInvalidException ex)
        {
            throw new RunFailedException("policy.invalid", ex.Message);
        }

        return PolicyEngine.Screen(input, policy);
    }
}
