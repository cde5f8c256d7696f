using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VideoGen.GpuWorker;
using VideoGen.Inference;

// Exit codes: 0 stopped (SIGTERM, also while still waiting for storage); 1 storage refused the worker (credentials,
// a bad request) or its identity got no token (no managed identity, an unknown client id): see the log; 2 invalid
// configuration. Unreachable storage, or an identity endpoint not reachable yet, is waited for, never an exit.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddInference(o => builder.Configuration.GetSection(InferenceOptions.SectionName).Bind(o));
builder.Services.AddGpuWorker(o => builder.Configuration.GetSection(GpuWorkerOptions.SectionName).Bind(o));
builder.AddGpuWorkerTelemetry();
using var host = builder.Build();
var readiness = host.Services.GetRequiredService<StorageReadiness>();
try
{
    await host.RunAsync().ConfigureAwait(false);
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"GPU worker not started, invalid configuration: {string.Join(" ", e.Failures)}").ConfigureAwait(false);
    return 2;
}
return readiness.Failure is null ? 0 : 1;
