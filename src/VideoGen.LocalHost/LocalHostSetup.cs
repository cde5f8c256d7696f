using VideoGen.DurableHost;
using VideoGen.Functions.Api;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Telemetry;
using VideoGen.LocalHost.Local;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.LocalHost;

/// <summary>
/// Composes the local host: the function app's handlers, the durable host (DTFx over the same storage, engine
/// settings from host.json's durableTask section, overridable under <c>DurableTask</c>), the queue poller and the
/// upload watcher that stand in for the Functions host, and the routes of <see cref="FunctionTable.Http"/>.
/// </summary>
public static class LocalHostSetup
{
    /// <summary>Registers everything; <paramref name="registerWorkflow"/> adds the orchestrator and activity classes.</summary>
    public static WebApplicationBuilder AddVideoGenLocalHost(this WebApplicationBuilder builder, Action<TaskRegistry> registerWorkflow)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfiguration config = builder.Configuration;
        IServiceCollection services = builder.Services;
        StorageEndpoints storage = StorageEndpoints.FromConfiguration(config, FunctionAppSetup.StorageSetting);
        services.AddVideoGenFunctionHandlers(config, storage);
        FunctionAppOptions settings = config.GetSection(FunctionAppOptions.Section).Get<FunctionAppOptions>() ?? new FunctionAppOptions();

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

        services.AddSingleton(_ => HostQueueSettings.Load(hostJson));
        services.AddHostedService<LocalQueueTriggerHost>();
        if (settings.WatchUploads)
        {
            services.AddHostedService<UploadWatcher>();
        }

        builder.AddVideoGenTelemetry();
        return builder;
    }

    /// <summary>Maps the HTTP functions, health (503 until the durable host has reached storage) and the local sinks.</summary>
    public static WebApplication MapVideoGenLocalHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapVideoGenHttpFunctions();
        LocalSinks.Map(app);
        InstancesApi.Map(app, "/runtime/webhooks/durabletask/instances"); // Durable Functions' own path, for local tools
        app.MapGet("/api/health", (DurableHostReadiness ready) => ready.IsReady
            ? Results.Json(new { status = "ok", host = "local" })
            : Results.Json(new { status = "starting", host = "local", reason = "waiting for storage" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
