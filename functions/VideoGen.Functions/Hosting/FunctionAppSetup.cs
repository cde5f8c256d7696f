using VideoGen.DurableHost;
using VideoGen.Functions.Api;
using VideoGen.Functions.Ingestion;
using VideoGen.Functions.Local;
using VideoGen.Functions.Telemetry;
using VideoGen.Functions.Triggers;
using VideoGen.Pipeline.Notifications;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Hosting;

/// <summary>Composes the function app: settings, storage, the durable engine, the handlers, the endpoints and local mode.</summary>
public static class FunctionAppSetup
{
    /// <summary>The app setting holding the storage connection (the Functions convention).</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>
    /// Registers everything: storage clients (connection string or identity, <see cref="StorageEndpoints"/>), the
    /// workflow's services, the durable host running <paramref name="registerWorkflow"/>'s classes on DTFx with the
    /// engine settings of <c>host.json</c> (overridable under <c>DurableTask</c>), the handlers, the queue poller and
    /// the upload watcher.
    /// </summary>
    public static WebApplicationBuilder AddVideoGenFunctionApp(this WebApplicationBuilder builder, Action<TaskRegistry> registerWorkflow)
    {
        IServiceCollection services = builder.Services;
        services.AddOptions<FunctionAppOptions>().Bind(builder.Configuration.GetSection(FunctionAppOptions.Section))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        FunctionAppOptions settings = builder.Configuration.GetSection(FunctionAppOptions.Section).Get<FunctionAppOptions>() ?? new FunctionAppOptions();

        StorageEndpoints storage = StorageEndpoints.FromConfiguration(builder.Configuration, StorageSetting);
        services.AddSingleton(storage);
        services.AddSingleton(_ => storage.CreateBlobClient());
        services.AddSingleton(_ => storage.CreateQueueClient());
        services.AddSingleton(_ => storage.CreateTableClient());
        services.AddSingleton(TimeProvider.System);
        services.AddVideoGenWorkflow();
        IConfiguration config = builder.Configuration;
        services.AddVideoGenIntegrations(o => config.GetSection(Pipeline.Notifications.VideoGenIntegrationsOptions.SectionName).Bind(o));
        services.Configure<RunSettings>(config.GetSection(RunSettings.Section));
        services.Configure<Pipeline.Workflow.Activities.PublishOptions>(config.GetSection(Pipeline.Workflow.Activities.PublishOptions.Section));
        services.Configure<Pipeline.Workflow.Activities.ApprovalChannelsOptions>(config.GetSection(Pipeline.Workflow.Activities.ApprovalChannelsOptions.Section));
        services.Configure<Pipeline.Workflow.Activities.GenerationOptions>(config.GetSection("VideoGen:Generation"));
        services.Configure<Pipeline.Approvals.ApprovalTokenOptions>(config.GetSection("VideoGen:ApprovalTokens"));
        services.Configure<Pipeline.Provenance.ManifestSigningOptions>(config.GetSection("VideoGen:Provenance"));
        services.Configure<Pipeline.Accounting.CostPrices>(config.GetSection("VideoGen:Prices"));

        // One set of engine settings for both hosts: host.json's durableTask section, as the Durable extension reads it.
        string hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        services.AddSingleton(WorkflowJson.Converter);
        services.AddLocalDurableTask(storage, o =>
        {
            DurableHostOptions.FromHostJson(hostJson).CopyTo(o);
            if (settings.HubName is { Length: > 0 } hub)
            {
                o.HubName = hub;
            }

            config.GetSection("DurableTask").Bind(o);
        }, registerWorkflow);

        services.AddSingleton<ApiKeys>();
        services.AddSingleton<BriefIngestion>();
        services.AddSingleton<OnBriefUploadedFunction>();
        services.AddSingleton<IQueueFunction, GpuResultsFunction>();
        services.AddSingleton(_ => HostQueueSettings.Load(hostJson));
        services.AddHostedService<LocalQueueTriggerHost>();
        if (settings.WatchUploads)
        {
            services.AddHostedService<UploadWatcher>();
        }

        builder.AddVideoGenTelemetry();
        return builder;
    }

    /// <summary>Maps the HTTP functions (<see cref="FunctionTable.Http"/>), health and the local sinks.</summary>
    public static WebApplication MapVideoGenFunctionApp(this WebApplication app)
    {
        SubmitBriefEndpoint.Map(app);
        EventGridWebhookEndpoint.Map(app);
        InstancesApi.Map(app, StatusPayloads.InstancesPath);
        Approvals.ApprovalEndpoints.Map(app);
        PublishedOutputsApi.Map(app);
        TenantPolicyApi.Map(app);
        LocalSinks.Map(app);
        InstancesApi.Map(app, "/runtime/webhooks/durabletask/instances"); // Durable Functions' own path, for local tools
        app.MapGet("/api/health", (DurableHostReadiness ready) => ready.IsReady
            ? Results.Json(new { status = "ok", mode = "local" })
            : Results.Json(new { status = "starting", mode = "local", reason = "waiting for storage" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
