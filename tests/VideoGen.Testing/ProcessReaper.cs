using System.Diagnostics;

namespace VideoGen.Testing;

/// <summary>Ends a local service the tests started: kills its process tree, waits for it, disposes it.</summary>
internal static class ProcessReaper
{
    /// <summary>How long to wait for a killed process to be reaped.</summary>
    public static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    /// <summary>SIGKILLs <paramref name="process"/> and its children and waits up to <see cref="ExitWait"/>; never throws.</summary>
    public static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(ExitWait);
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (OperationCanceledException)
        {
            // Did not die within the wait after SIGKILL; nothing more can be done here.
        }
        finally
        {
            process.Dispose();
        }
    }
}
