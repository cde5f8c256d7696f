using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using VideoGen.Durable;
using VideoGen.Durable.Worker;
using VideoGen.Functions.Api;
using VideoGen.Functions.Ingestion;
using VideoGen.Functions.Invocation;
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

    /// <summary>Registers everything. <paramref name="registerWorkflow"/> adds orchestrations and activities.</summary>
    public static WebApplicationBuilder AddVideoGenFunctionApp(this WebApplicationBuilder builder, Action<DurableTaskRegistry> registerWorkflow)
    {
        IServiceCollection services = builder.Services;
        services.AddOptions<FunctionAppOptions>().Bind(builder.Configuration.GetSection(FunctionAppOptions.Section))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        FunctionAppOptions settings = builder.Configuration.GetSection(FunctionAppOptions.Section).Get<FunctionAppOptions>() ?? new FunctionAppOptions();

        string storage = builder.Configuration[StorageSetting] is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException($"The setting {StorageSetting} (storage connection string) is required; locally use Azurite's, e.g. UseDevelopmentStorage=true.");
        services.AddSingleton(new BlobServiceClient(storage));
        services.AddSingleton(new QueueServiceClient(storage));
        services.AddSingleton(new Azure.Data.Tables.TableServiceClient(storage));
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

        services.AddDurableTask(o =>
        {
            o.StorageConnectionString = storage;
            o.HubName = settings.HubName;
            builder.Configuration.GetSection("DurableTask").Bind(o);
        }, registerWorkflow);
        services.AddDurableTaskQueueTriggers();

        services.AddSingleton<ApiKeys>();
        services.AddSingleton<BriefIngestion>();
        services.AddSingleton<IFunctionHandler, OnBriefUploadedFunction>();
        services.AddSingleton<IFunctionHandler, GpuResultsFunction>();
        services.AddSingleton<DurableFunctionHandlers>();
        services.AddSingleton(sp => new FunctionCatalog(
            sp.GetServices<IFunctionHandler>().Concat(sp.GetRequiredService<DurableFunctionHandlers>().All)));

        if (settings.EffectiveMode == HostingMode.FunctionsHost)
        {
            // The Functions host tells the handler where to listen; only the host calls it.
            if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } port)
            {
                builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            }
        }
        else
        {
            services.AddSingleton(_ => new LocalFunctionSet(
                FunctionDefinitions.Load(FunctionDefinitions.DefaultRoot),
                HostQueueSettings.Load(Path.Combine(AppContext.BaseDirectory, "host.json"))));
            services.AddHostedService<LocalQueueTriggerHost>();
            if (settings.WatchUploads)
            {
                services.AddHostedService<UploadWatcher>();
            }
        }

        builder.AddVideoGenTelemetry();
        return builder;
    }

    /// <summary>Maps the invocation endpoint and the HTTP functions.</summary>
    public static WebApplication MapVideoGenFunctionApp(this WebApplication app)
    {
        RequestDelegate? pipeline = null;
        SubmitBriefEndpoint.Map(app);
        EventGridWebhookEndpoint.Map(app);
        InstancesApi.Map(app, StatusPayloads.InstancesPath);
        Approvals.ApprovalEndpoints.Map(app);
        PublishedOutputsApi.Map(app);
        TenantPolicyApi.Map(app);
        if (app.Services.GetRequiredService<IOptions<FunctionAppOptions>>().Value.EffectiveMode == HostingMode.Local)
        {
            LocalSinks.Map(app);
        }
        InstancesApi.Map(app, "/runtime/webhooks/durabletask/instances"); // Durable Functions' own path, for local tools
        app.MapGet("/api/health", (IOptions<FunctionAppOptions> o) => Results.Json(new { status = "ok", mode = o.Value.EffectiveMode.ToString() }));
        // HTTP invocations (request forwarding off) replay through routing to the same endpoints a forwarded request reaches.
        InvocationEndpoint.Map(app, () => pipeline ??= BuildReplayPipeline(app));
        return app;
    }

    /// <summary>
    /// Routes a replayed request to the app's own endpoints: the route patterns and HTTP methods of every mapped
    /// endpoint, matched in order (literal routes were mapped before parameterised ones).
    /// </summary>
    private static RequestDelegate BuildReplayPipeline(WebApplication app)
    {
        var endpoints = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .OrderBy(e => e.Order)
            .Select(e => (Endpoint: e,
                Matcher: new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
                    Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), new RouteValueDictionary()),
                Methods: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        return async c =>
        {
            foreach (var (endpoint, matcher, methods) in endpoints)
            {
                var values = new RouteValueDictionary();
                if ((methods.Count == 0 || methods.Contains(c.Request.Method, StringComparer.OrdinalIgnoreCase)) && matcher.TryMatch(c.Request.Path, values))
                {
                    c.Request.RouteValues = values;
                    c.SetEndpoint(endpoint);
                    await endpoint.RequestDelegate!(c).ConfigureAwait(false);
                    return;
                }
            }

            await Results.NotFound(new { error = "route.unknown", message = $"No HTTP function serves {c.Request.Method} {c.Request.Path}." }).ExecuteAsync(c).ConfigureAwait(false);
        };
    }
}

/// <summary>The durable engine's queue-triggered functions (one per control queue, plus work items).</summary>
public sealed class DurableFunctionHandlers(QueueTriggerBridge bridge)
{
    /// <summary>The handlers.</summary>
    public IReadOnlyList<DurableQueueFunction> All { get; } = [.. DurableQueueFunction.All(bridge)];
}
