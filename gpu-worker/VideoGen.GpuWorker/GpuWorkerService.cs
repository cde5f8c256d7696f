using Microsoft.Extensions.Hosting;

namespace VideoGen.GpuWorker;

/// <summary>Hosts <see cref="GpuJobProcessor.RunAsync"/>; SIGTERM stops the host, which cancels the loop.</summary>
public sealed class GpuWorkerService(GpuJobProcessor processor) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => processor.RunAsync(stoppingToken);
}
