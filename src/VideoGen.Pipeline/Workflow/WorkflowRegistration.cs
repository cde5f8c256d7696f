using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Accounting;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Provenance;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Workflow;

/// <summary>The pipeline's orchestrations and activities (for whichever host runs them), and their services.</summary>
public static class WorkflowRegistration
{
    /// <summary>The orchestrator classes of the brief-to-publish workflow; each runs under its class name.</summary>
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(BriefToPublish), typeof(RenderChunks)];

    /// <summary>The activity classes of the workflow; each runs under its class name and gets its services by constructor injection.</summary>
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(LoadRunSettings), typeof(ValidateBrief), typeof(ScreenBrief), typeof(CheckClipSafety), typeof(RequestApproval),
        typeof(SendApprovalReminder), typeof(RecordCosts), typeof(PublishRun), typeof(NotifyCms), typeof(RecordAudit), typeof(EmitLifecycleEvent),
        .. GenerationActivities.Types,
    ];

    /// <summary>
    /// The services the activities need. The caller registers <c>BlobServiceClient</c>, <c>QueueServiceClient</c>,
    /// <c>TableServiceClient</c>, the integrations (<c>AddVideoGenIntegrations</c>) and binds the option classes
    /// (<see cref="RunSettings"/>, <see cref="ApprovalTokenOptions"/>, <see cref="ManifestSigningOptions"/>,
    /// <see cref="CostPrices"/>, <see cref="PublishOptions"/>, <see cref="ApprovalChannelsOptions"/>).
    /// </summary>
    public static IServiceCollection AddVideoGenWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new TenantPolicyStore(sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>()));
        services.AddOptions<RunSettings>();
        services.AddOptions<PublishOptions>()
            .Validate(p => p.LinkLifetime >= TimeSpan.Zero && p.LinkLifetime <= PublishedLinks.MaxLifetime, "VideoGen:Publish:LinkLifetime must be between 0 (plain URLs) and 7 days.");
        services.TryAddSingleton<PublishedLinks>();
        services.AddOptions<ApprovalChannelsOptions>();
        services.AddOptions<CostPrices>().Validate(p => { p.Validate(); return true; });
        services.TryAddSingleton<ApprovalTokenService>();
        services.TryAddSingleton(sp => new ApprovalRedemptions(sp.GetRequiredService<TableServiceClient>()));
        services.TryAddSingleton<ManifestSigner>();
        services.TryAddSingleton(sp => new AuditTrail(sp.GetRequiredService<TableServiceClient>()));
        services.TryAddSingleton(sp => new CostLedger(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<CostPrices>>()));
        services.TryAddTransient<RequestApproval>();
        services.AddGenerationActivities();
        return services;
    }
}
