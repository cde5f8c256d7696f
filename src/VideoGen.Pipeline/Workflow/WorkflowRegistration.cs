using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoGen.Durable;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Workflow;

/// <summary>Registers the pipeline's orchestrations and activities with the durable engine, and their services.</summary>
public static class WorkflowRegistration
{
    /// <summary>Adds every orchestration and activity of the brief-to-publish workflow.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<BriefToPublish>()
            .AddActivity<ValidateBrief>()
            .AddActivity<ScreenBrief>();
    }

    /// <summary>The services the activities need (the caller registers BlobServiceClient).</summary>
    public static IServiceCollection AddVideoGenWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton<PromptPolicyProvider>();
        return services;
    }
}
