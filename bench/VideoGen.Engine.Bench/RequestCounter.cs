using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace VideoGen.Engine.Bench;

/// <summary>
/// Counts every HTTP request the engine's storage clients send (an Azure SDK pipeline policy at
/// <see cref="HttpPipelinePosition.PerRetry"/>, put into every client of the host through
/// <c>StorageEndpoints.WithPipelinePolicy</c>: so retries count, and nothing is added between the engine and Azurite).
/// Requests are keyed <c>service verb what</c>, e.g. <c>queue GET messages</c>, <c>table POST $batch</c>,
/// <c>blob PUT lease</c>; receives that returned no message are counted apart (<see cref="Snapshot.EmptyReceives"/>).
/// </summary>
internal sealed class RequestCounter(int blobPort, int queuePort, int tablePort) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;
    private long _emptyReceives;

    /// <summary>Requests slower than this are reported on standard error (a stall's cause is usually one of them).</summary>
    public static TimeSpan SlowRequest { get; } = TimeSpan.FromSeconds(2);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Count(message, t0);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            Count(message, t0);
        }
    }

    private void Count(HttpMessage message, long t0)
    {
        string key = Classify(message.Request);
        TimeSpan took = System.Diagnostics.Stopwatch.GetElapsedTime(t0);
        if (took > SlowRequest)
        {
            Report.Note($"slow storage request: {key} {message.Request.Uri.ToUri().PathAndQuery} took {took.TotalMilliseconds:0} ms, status {(message.HasResponse ? message.Response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}");
        }

        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
        if (key == "queue GET messages" && message.HasResponse && message.Response.Status == 200 && IsEmptyReceive(message.Response))
        {
            Interlocked.Increment(ref _emptyReceives);
        }
    }

    private static bool IsEmptyReceive(Azure.Response response)
    {
        try
        {
            return !response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false; // not buffered: cannot tell
        }
    }

    private string Classify(Request request)
    {
        Uri uri = request.Uri.ToUri();
        string service = uri.Port == queuePort ? "queue" : uri.Port == tablePort ? "table" : uri.Port == blobPort ? "blob" : $"port{uri.Port}";
        string[] segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries); // [account, resource, ...]
        string query = uri.Query;
        string what = service switch
        {
            "queue" when segments.Length >= 4 => "message",
            "queue" when segments.Length == 3 && segments[2] == "messages" => query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) ? "peek" : "messages",
            "queue" => query.Contains("comp=metadata", StringComparison.OrdinalIgnoreCase) ? "metadata" : "queue",
            "table" when segments.Length >= 2 && segments[1] == "$batch" => "$batch",
            "table" when segments.Length >= 2 && segments[1].StartsWith("Tables", StringComparison.Ordinal) => "tables",
            "table" when segments.Length >= 2 && segments[1].Contains('(', StringComparison.Ordinal) && !segments[1].EndsWith("()", StringComparison.Ordinal) => "entity",
            "table" => "query",
            "blob" when query.Contains("comp=lease", StringComparison.OrdinalIgnoreCase) => "lease",
            "blob" when query.Contains("restype=container", StringComparison.OrdinalIgnoreCase) => "container",
            "blob" => "blob",
            _ => "other",
        };
        return $"{service} {request.Method} {what}";
    }

    public Snapshot Take() => new(new Dictionary<string, long>(_counts, StringComparer.Ordinal), Interlocked.Read(ref _total), Interlocked.Read(ref _emptyReceives));

    /// <summary>Counter values at one moment; subtract two to get the requests made in between.</summary>
    internal sealed record Snapshot(IReadOnlyDictionary<string, long> Counts, long Total, long EmptyReceives)
    {
        public static Snapshot Zero { get; } = new(new Dictionary<string, long>(), 0, 0);

        public static Snapshot operator -(Snapshot later, Snapshot earlier) => new(
            later.Counts.ToDictionary(kv => kv.Key, kv => kv.Value - earlier.Counts.GetValueOrDefault(kv.Key)),
            later.Total - earlier.Total,
            later.EmptyReceives - earlier.EmptyReceives);

        public static Snapshot operator +(Snapshot a, Snapshot b) => new(
            a.Counts.Keys.Union(b.Counts.Keys).ToDictionary(k => k, k => a.Counts.GetValueOrDefault(k) + b.Counts.GetValueOrDefault(k)),
            a.Total + b.Total,
            a.EmptyReceives + b.EmptyReceives);

        public IEnumerable<(string Key, long Count)> ByKind() =>
            Counts.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value));

        /// <summary>One line: total and the non-zero kinds.</summary>
        public string Describe() =>
            $"{Total} requests: " + string.Join(", ", ByKind().Select(x => $"{x.Key} {x.Count}")) + $"; {EmptyReceives} empty receives";
    }
}
