using System.Diagnostics;
using Azure.Storage.Queues;

namespace VideoGen.Engine.Bench;

/// <summary>
/// Watches whether Azurite answers at all: a loop on its own client sends one cheap request (queue service
/// properties) every 200 ms and records each one that took longer than <see cref="FreezeThreshold"/>. Azurite serves
/// blob, queue and table from one Node.js event loop, so when that loop is blocked every service stops answering,
/// the engine's requests included; a fan-out that stalls during such a freeze was stalled by the emulator.
/// </summary>
internal sealed class AzuriteWatch : IAsyncDisposable
{
    public static readonly TimeSpan FreezeThreshold = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long Start, long End)> _freezes = [];
    private readonly Task _loop;

    public AzuriteWatch(string connectionString)
    {
        var client = new QueueServiceClient(connectionString);
        _loop = Task.Run(() => LoopAsync(client, _stop.Token));
    }

    private async Task LoopAsync(QueueServiceClient client, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                await client.GetPropertiesAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // a failed probe is a late one too
            }
            catch (OperationCanceledException)
            {
                return;
            }

            long t1 = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(t0, t1) > FreezeThreshold)
            {
                lock (_freezes)
                {
                    _freezes.Add((t0, t1));
                }

                Report.Note($"Azurite did not answer for {Stats.Ms(t0, t1):0} ms (all its services share one event loop)");
            }

            try
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Freezes that overlap the interval between two Stopwatch timestamps, and their total length in ms.</summary>
    public (int Count, double TotalMs) Between(long from, long to)
    {
        lock (_freezes)
        {
            var hits = _freezes.Where(f => f.End > from && f.Start < to).ToList();
            return (hits.Count, hits.Sum(f => Stats.Ms(f.Start, f.End)));
        }
    }

    /// <summary>All freezes so far: count, total and longest in ms.</summary>
    public (int Count, double TotalMs, double MaxMs) All()
    {
        lock (_freezes)
        {
            return (_freezes.Count, _freezes.Sum(f => Stats.Ms(f.Start, f.End)), _freezes.Count > 0 ? _freezes.Max(f => Stats.Ms(f.Start, f.End)) : 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
