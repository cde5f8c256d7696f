using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace VideoGen.GpuWorker;

/// <summary>
/// The worker's telemetry: the <see cref="WorkerMetrics"/> meter and the logs through OpenTelemetry, exported to
/// Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (both may be); with neither, nothing is exported and the console log stays.
/// </summary>
public static class GpuWorkerTelemetry
{
    /// <summary>The OpenTelemetry service name of the worker.</summary>
    public const string ServiceName = "videogen-gpu-worker";

    /// <summary>Adds OpenTelemetry metrics and logs with the exporters the configuration asks for.</summary>
    public static HostApplicationBuilder AddGpuWorkerTelemetry(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var appInsights = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (string.IsNullOrEmpty(appInsights) && !otlp)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(GpuWorkerTelemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m =>
            {
                m.AddMeter(WorkerMetrics.MeterName);
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
