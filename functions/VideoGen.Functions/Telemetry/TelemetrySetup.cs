using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace VideoGen.Functions.Telemetry;

/// <summary>
/// One place for the app's telemetry: traces, metrics and logs through OpenTelemetry, exported to Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and
/// to the console in Development (or with <c>VideoGen:Telemetry:Console=true</c>). Sources: the durable engine
/// (DTFx's <c>DurableTask.Core</c> source: orchestration and activity spans), the pipeline (<c>VideoGen.Pipeline</c>), this app, ASP.NET Core and HttpClient.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The ActivitySource / Meter names the app listens to.</summary>
    public static readonly string[] Sources = ["DurableTask.Core", "VideoGen.Pipeline", "VideoGen.Functions", "VideoGen.Media"];

    /// <summary>Adds OpenTelemetry with the exporters the environment asks for (the local host's web app or the isolated worker).</summary>
    public static TBuilder AddVideoGenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfiguration config = builder.Configuration;
        string? appInsights = config["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        bool otlp = !string.IsNullOrEmpty(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        bool console = builder.Environment.IsDevelopment() || config.GetValue<bool>("VideoGen:Telemetry:Console");

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("videogen-functions", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                t.AddSource(Sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrEmpty(appInsights))
                {
                    t.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights);
                }

                if (otlp)
                {
                    t.AddOtlpExporter();
                }

                if (console)
                {
                    t.AddConsoleExporter();
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrEmpty(appInsights))
                {
                    m.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights);
                }

                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            });

        builder.Logging.AddOpenTelemetry(l =>
        {
            l.IncludeFormattedMessage = true;
            if (!string.IsNullOrEmpty(appInsights))
            {
                l.AddAzureMonitorLogExporter(o => o.ConnectionString = appInsights);
            }

            if (otlp)
            {
                l.AddOtlpExporter();
            }
        });
        return builder;
    }
}
