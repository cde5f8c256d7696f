using Microsoft.Extensions.Hosting;

namespace VideoGen.GpuWorker;

/// <summary>
/// Hosts the worker: waits for storage (<see cref="StorageStartup"/>; not ready meanwhile), then runs
/// <see cref="GpuJobProcessor.RunAsync"/>. SIGTERM stops the host, which ends the wait or the loop; storage that refuses
/// the worker stops the host (the program then exits with code 1, see <see cref="StorageReadiness.Failure"/>).
/// </summary>
public sealed class GpuWorkerService(StorageStartup startup, GpuJobProcessor processor, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!await startup.WaitUntilReadyAsync(stoppingToken).ConfigureAwait(false))
            {
                return; // stopped while waiting
            }
        }
        catch (StorageUnusableException)
        {
            // Logged and recorded on StorageReadiness by the wait; a stack trace would add nothing.
            lifetime.StopApplication();
            return;
        }
        await processor.RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
