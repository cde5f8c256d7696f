using VideoGen.DurableHost;
using VideoGen.Functions.Api;
using VideoGen.Functions.Ingestion;
using VideoGen.Functions.Triggers;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Hosting;

/// <summary>
/// The function app's services and HTTP endpoints, for whichever host runs them: the isolated function app's
/// <c>[Function]</c> wrappers, or the local host. The host supplies the <c>DurableTaskClient</c>.
/// </summary>
public static class FunctionAppSetup
{
    /// <summary>The connection the app reaches storage by (the Functions convention).</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>
    /// Registers the settings (validated at start-up), the storage clients for <paramref name="storage"/>, the
    /// workflow's services and integrations, ingestion and the trigger handlers.
    /// </summary>
    public static IServiceCollection AddVideoGenFunctionHandlers(this IServiceCollection services, IConfiguration config, StorageEndpoints storage)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(storage);
        services.AddOptions<FunctionAppOptions>().Bind(config.GetSection(FunctionAppOptions.Section))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton(storage);
        services.AddSingleton(_ => storage.CreateBlobClient());
        services.AddSingleton(_ => storage.CreateQueueClient());
        services.AddSingleton(_ => storage.CreateTableClient());
        services.AddSingleton(TimeProvider.System);
        services.AddVideoGenWorkflow();
        services.AddVideoGenIntegrations(o => config.GetSection(VideoGenIntegrationsOptions.SectionName).Bind(o));
        services.Configure<RunSettings>(config.GetSection(RunSettings.Section));
        services.Configure<Pipeline.Workflow.Activities.PublishOptions>(config.GetSection(Pipeline.Workflow.Activities.PublishOptions.Section));
        services.Configure<Pipeline.Workflow.Activities.ApprovalChannelsOptions>(config.GetSection(Pipeline.Workflow.Activities.ApprovalChannelsOptions.Section));
        services.Configure<Pipeline.Workflow.Activities.GenerationOptions>(config.GetSection("VideoGen:Generation"));
        services.Configure<Pipeline.Approvals.ApprovalTokenOptions>(config.GetSection("VideoGen:ApprovalTokens"));
        services.Configure<Pipeline.Provenance.ManifestSigningOptions>(config.GetSection("VideoGen:Provenance"));
        services.Configure<Pipeline.Accounting.CostPrices>(config.GetSection("VideoGen:Prices"));

        services.AddSingleton<ApiKeys>();
        services.AddSingleton<BriefIngestion>();
        services.AddSingleton<OnBriefUploadedFunction>();
        services.AddSingleton<GpuResultsFunction>();
        services.AddSingleton<IQueueFunction>(sp => sp.GetRequiredService<GpuResultsFunction>());
        return services;
    }

    /// <summary>Maps the HTTP functions of <see cref="FunctionTable.Http"/> except <c>Health</c>, which each host answers itself.</summary>
    public static IEndpointRouteBuilder MapVideoGenHttpFunctions(this IEndpointRouteBuilder app)
    {
        SubmitBriefEndpoint.Map(app);
        EventGridWebhookEndpoint.Map(app);
        InstancesApi.Map(app, StatusPayloads.InstancesPath);
        Approvals.ApprovalEndpoints.Map(app);
        PublishedOutputsApi.Map(app);
        TenantPolicyApi.Map(app);
        return app;
    }
}
