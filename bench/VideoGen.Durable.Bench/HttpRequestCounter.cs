using System.Diagnostics.Metrics;

namespace VideoGen.Durable.Bench;

/// <summary>
/// Counts HTTP requests this process completes, from .NET's own <c>System.Net.Http</c> meter
/// (<c>http.client.request.duration</c>, one measurement per request). It sees below the storage seam, so it
/// cross-checks the seam counts: one seam call may be several requests (paged queries, retries).
/// </summary>
internal sealed class HttpRequestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public HttpRequestCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _count));
        _listener.Start();
    }

    /// <summary>Requests completed so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
