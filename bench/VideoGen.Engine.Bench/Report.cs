using System.Globalization;

namespace VideoGen.Engine.Bench;

/// <summary>
/// Output: figures and request breakdowns on standard output, exactly <c>figure &lt;name&gt; &lt;value&gt; &lt;unit&gt;</c>
/// and <c>requests ...</c> lines; progress and notes on standard error.
/// </summary>
internal static class Report
{
    private static readonly DateTime Started = DateTime.UtcNow;

    public static void Figure(string name, double value, string unit)
    {
        string text = double.IsFinite(value) ? value.ToString("0.##", CultureInfo.InvariantCulture) : "nan";
        Console.Out.WriteLine($"figure {name} {text} {unit}");
        Console.Out.Flush();
    }

    /// <summary><c>requests &lt;config&gt; &lt;scenario&gt; &lt;service_VERB_what&gt; &lt;count&gt; [&lt;per unit&gt;]</c>.</summary>
    public static void Requests(string config, string scenario, string kind, long count, int units)
    {
        string per = units > 0 ? " " + ((double)count / units).ToString("0.###", CultureInfo.InvariantCulture) : "";
        Console.Out.WriteLine($"requests {config} {scenario} {kind.Replace(' ', '_')} {count.ToString(CultureInfo.InvariantCulture)}{per}");
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
