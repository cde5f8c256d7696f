using System.Diagnostics.Metrics;
using VideoGen.Durable.Telemetry;

namespace VideoGen.Durable.Bench;

/// <summary>
/// Listens to two meters in this process: .NET's <c>System.Net.Http</c> (<c>http.client.request.duration</c>, one
/// measurement per HTTP request completed, so it sees below the storage seam: one seam call may be several requests)
/// and the engine's own <see cref="DurableTelemetry.SourceName"/> meter (episodes committed, commit conflicts, and
/// the wall time of each episode processed).
/// </summary>
internal sealed class MeterCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _http;
    private long _episodes;
    private long _conflicts;
    private long _episodesTimed;
    private long _episodeMicros;
    private long _episodeMaxMicros;

    public MeterCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            bool wanted = (instrument.Meter.Name, instrument.Name) switch
            {
                ("System.Net.Http", "http.client.request.duration") => true,
                (DurableTelemetry.SourceName, "durable.episodes" or "durable.episode.conflicts" or "durable.episode.duration") => true,
                _ => false,
            };
            if (wanted)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "http.client.request.duration")
            {
                Interlocked.Increment(ref _http);
            }
            else
            {
                long micros = (long)(value * 1000);
                Interlocked.Increment(ref _episodesTimed);
                Interlocked.Add(ref _episodeMicros, micros);
                long max;
                while (micros > (max = Interlocked.Read(ref _episodeMaxMicros)) && Interlocked.CompareExchange(ref _episodeMaxMicros, micros, max) != max)
                {
                }
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "durable.episodes")
            {
                Interlocked.Add(ref _episodes, value);
            }
            else
            {
                Interlocked.Add(ref _conflicts, value);
            }
        });
        _listener.Start();
    }

    /// <summary>Forgets the longest episode seen so far (call at the start of a measurement).</summary>
    public void ResetMaxEpisode() => Interlocked.Exchange(ref _episodeMaxMicros, 0);

    /// <summary>HTTP requests completed so far.</summary>
    public long HttpRequests => Interlocked.Read(ref _http);

    public Snapshot Take() => new(
        HttpRequests,
        Interlocked.Read(ref _episodes),
        Interlocked.Read(ref _conflicts),
        Interlocked.Read(ref _episodesTimed),
        Interlocked.Read(ref _episodeMicros) / 1000.0,
        Interlocked.Read(ref _episodeMaxMicros) / 1000.0);

    public void Dispose() => _listener.Dispose();

    /// <summary>Counter values at one moment; subtract two for what happened in between.</summary>
    /// <remarks><see cref="EpisodeMsMax"/> is the longest episode since the last <see cref="ResetMaxEpisode"/>.</remarks>
    internal sealed record Snapshot(long HttpRequests, long EpisodesCommitted, long Conflicts, long EpisodesProcessed, double EpisodeMsTotal, double EpisodeMsMax)
    {
        public static Snapshot operator -(Snapshot later, Snapshot earlier) => new(
            later.HttpRequests - earlier.HttpRequests,
            later.EpisodesCommitted - earlier.EpisodesCommitted,
            later.Conflicts - earlier.Conflicts,
            later.EpisodesProcessed - earlier.EpisodesProcessed,
            later.EpisodeMsTotal - earlier.EpisodeMsTotal,
            later.EpisodeMsMax);

        public string Describe() => $"{HttpRequests} HTTP requests; {DescribeEpisodes()}";

        public string DescribeEpisodes() =>
            $"{EpisodesCommitted} episodes committed, {EpisodesProcessed} processed " +
            $"(wall: mean {(EpisodesProcessed > 0 ? EpisodeMsTotal / EpisodesProcessed : double.NaN):0.0} ms, max {EpisodeMsMax:0} ms), {Conflicts} commit conflicts";
    }
}
