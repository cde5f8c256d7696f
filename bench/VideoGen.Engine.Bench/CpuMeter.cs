using System.Diagnostics;

namespace VideoGen.Engine.Bench;

/// <summary>
/// CPU time of this process (engine, client and harness) and of the Azurite process, to tell whether a scenario is
/// bound by the engine's own work or by the storage emulator. On this 2-core box Azurite (Node.js) runs its request
/// handling on one thread, so ~100 % of a core is its ceiling.
/// </summary>
internal sealed class CpuMeter(int azuritePid)
{
    public Snapshot Take()
    {
        TimeSpan azurite;
        try
        {
            using Process p = Process.GetProcessById(azuritePid);
            azurite = p.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            azurite = TimeSpan.Zero;
        }

        using Process self = Process.GetCurrentProcess();
        return new Snapshot(Stopwatch.GetTimestamp(), self.TotalProcessorTime, azurite);
    }

    internal sealed record Snapshot(long Timestamp, TimeSpan Engine, TimeSpan Azurite)
    {
        /// <summary>CPU used between <paramref name="earlier"/> and this snapshot, per unit of work.</summary>
        public string Since(Snapshot earlier, int units, string unit)
        {
            double wall = Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalMilliseconds;
            double engine = (Engine - earlier.Engine).TotalMilliseconds;
            double azurite = (Azurite - earlier.Azurite).TotalMilliseconds;
            return $"CPU over {wall:0} ms wall: this process {engine:0} ms ({engine / wall:P0} of a core, {engine / units:0.00} ms per {unit}), " +
                $"Azurite {azurite:0} ms ({azurite / wall:P0} of a core, {azurite / units:0.00} ms per {unit})";
        }
    }
}
