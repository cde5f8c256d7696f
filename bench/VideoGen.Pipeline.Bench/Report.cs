using System.Diagnostics;
using System.Globalization;

namespace VideoGen.Pipeline.Bench;

/// <summary>
/// Output: stdout carries <c>figure &lt;name&gt; &lt;value&gt; &lt;unit&gt;</c> lines and <c>note &lt;name&gt;: …</c> lines
/// saying where a figure came from or why it is <c>n/a</c>; progress and raw timings go to stderr.
/// </summary>
internal static class Report
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly Lock Gate = new();

    public static void Figure(string name, double value, string unit, string format = "0.##")
    {
        string text = double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "nan";
        Out($"figure {name} {text} {unit}");
    }

    /// <summary>A figure that cannot be computed from what the run reported: <c>n/a</c>, never a made-up number.</summary>
    public static void NotAvailable(string name, string unit, string why)
    {
        Out($"figure {name} n/a {unit}");
        Explain(name, why);
    }

    /// <summary>A <c>note</c> line on stdout, beside the figure it explains.</summary>
    public static void Explain(string name, string text) => Out($"note {name}: {text}");

    public static void Note(string text)
    {
        lock (Gate)
        {
            Console.Error.WriteLine($"[{Clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),6}s] {text}");
        }
    }

    public static double Median(List<double> samples)
    {
        samples.Sort();
        return samples.Count % 2 == 1 ? samples[samples.Count / 2] : (samples[(samples.Count / 2) - 1] + samples[samples.Count / 2]) / 2;
    }

    private static void Out(string line)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
