using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using VideoGen.GpuWorker;
using VideoGen.Inference;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddInference(o => builder.Configuration.GetSection(InferenceOptions.SectionName).Bind(o));
builder.Services.AddGpuWorker(o => builder.Configuration.GetSection(GpuWorkerOptions.SectionName).Bind(o));
builder.AddGpuWorkerTelemetry();
await builder.Build().RunAsync().ConfigureAwait(false);
