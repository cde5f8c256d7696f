using System.Globalization;

namespace VideoGen.Durable.Bench;

/// <summary>
/// Output: figures and request breakdowns on standard output, exactly <c>figure &lt;name&gt; &lt;value&gt; &lt;unit&gt;</c>
/// and <c>requests &lt;method&gt; &lt;count&gt;</c>; progress and notes on standard error.
/// </summary>
internal static class Report
{
    private static readonly DateTime Started = DateTime.UtcNow;

    /// <summary>Put before every figure name while a baseline configuration runs (e.g. <c>baseline_queue_only_</c>).</summary>
    public static string Prefix { get; set; } = "";

    public static void Figure(string name, double value, string unit)
    {
        string text = double.IsFinite(value) ? value.ToString("0.##", CultureInfo.InvariantCulture) : "nan";
        Console.Out.WriteLine($"figure {Prefix}{name} {text} {unit}");
        Console.Out.Flush();
    }

    public static void Requests(string method, long count)
    {
        Console.Out.WriteLine($"requests {Prefix}{method} {count.ToString(CultureInfo.InvariantCulture)}");
    }

    public static void Note(string text)
    {
        double t = (DateTime.UtcNow - Started).TotalSeconds;
        Console.Error.WriteLine($"[{t.ToString("0.0", CultureInfo.InvariantCulture),6}s] {text}");
    }
}

/// <summary>Small statistics over millisecond samples.</summary>
internal static class Stats
{
    /// <summary>Percentile by linear interpolation between closest ranks (p in 0..100).</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = samples.Order().ToArray();
        double rank = p / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public static double Median(IReadOnlyCollection<double> samples) => Percentile(samples, 50);

    public static double Ms(long fromTimestamp, long toTimestamp)
        => System.Diagnostics.Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;

    public static string Describe(IReadOnlyCollection<double> samples)
        => samples.Count == 0
            ? "no samples"
            : string.Create(CultureInfo.InvariantCulture,
                $"n={samples.Count} min={samples.Min():0.0} p50={Percentile(samples, 50):0.0} p95={Percentile(samples, 95):0.0} max={samples.Max():0.0} mean={samples.Average():0.0}");
}
