using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Briefs;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Workflow.Tests.Fakes;

/// <summary>
/// What the fake activities answer for one run, and everything they were called with for it. A test sets it up,
/// starts the run with it (<see cref="WorkflowHost.StartRunAsync"/>) and reads the calls afterwards; the fakes find it
/// through <see cref="WorkflowScripts"/>. Defaults make a run that auto-approves and publishes.
/// </summary>
public sealed class WorkflowScript
{
    private readonly object _gate = new();
    private readonly List<(string Activity, object? Input)> _calls = [];
    private readonly Dictionary<string, Func<int, Exception?>> _failures = new(StringComparer.Ordinal);

    /// <summary>What <c>LoadRunSettings</c> returns.</summary>
    public RunSettings Settings { get; set; } = TestRuns.Settings();

    /// <summary>The brief <c>ValidateBrief</c> returns (wrapped in a <see cref="ValidatedBrief"/>).</summary>
    public Brief Brief { get; set; } = TestRuns.Brief();

    /// <summary>What <c>ScreenBrief</c> returns.</summary>
    public PolicyDecision Screening { get; set; } = new(PolicyVerdict.Allow, "test-policy-1", []);

    /// <summary>What <c>CheckClipSafety</c> returns for a clip.</summary>
    public Func<ClipArtifact, ClipSafety> Safety { get; set; } = _ => Pass;

    /// <summary>
    /// The results the fake GPU pool reports for a submitted job (raised as <c>ChunkRendered</c> on the render
    /// sub-orchestration by the fake <c>SubmitChunkJob</c>): none leaves the chunk late. Default: one success.
    /// </summary>
    public Func<ChunkJobRequest, string, IReadOnlyList<GpuJobResult>> ChunkResults { get; set; } = (request, jobId) => [Succeeded(request, jobId)];

    /// <summary>A passing, performed frame check.</summary>
    public static ClipSafety Pass { get; } = new(SafetyDecision.Pass, true, "all frames below thresholds", new Dictionary<string, int>(), []);

    /// <summary>Makes the <paramref name="callNumber"/>-th call (from 1) of <paramref name="activity"/> throw what it returns (null: answer normally).</summary>
    public void FailWith(string activity, Func<int, Exception?> callNumber)
    {
        lock (_gate)
        {
            _failures[activity] = callNumber;
        }
    }

    /// <summary>Records a call; returns the exception the call must throw, if any.</summary>
    internal Exception? Record(string activity, object? input)
    {
        lock (_gate)
        {
            _calls.Add((activity, input));
            int n = _calls.Count(c => c.Activity == activity);
            return _failures.TryGetValue(activity, out var failure) ? failure(n) : null;
        }
    }

    /// <summary>How many times <paramref name="activity"/> was called (retries and failed calls included).</summary>
    public int CallCount(string activity)
    {
        lock (_gate)
        {
            return _calls.Count(c => c.Activity == activity);
        }
    }

    /// <summary>The inputs of every call of <paramref name="activity"/>, in call order.</summary>
    public IReadOnlyList<T> Inputs<T>(string activity)
    {
        lock (_gate)
        {
            return [.. _calls.Where(c => c.Activity == activity).Select(c => (T)c.Input!)];
        }
    }

    /// <summary>Every chunk job submitted, in call order.</summary>
    public IReadOnlyList<ChunkJobRequest> Submissions => Inputs<ChunkJobRequest>(nameof(Pipeline.Workflow.Activities.SubmitChunkJob));

    /// <summary>The (version, chunk, attempt) of every job submitted for render instance <paramref name="renderId"/>, in chunk order.</summary>
    public IReadOnlyList<(int Version, int Chunk, int Attempt)> Jobs(string renderId) =>
        [.. Submissions.Where(s => s.InstanceId == renderId).Select(s => (s.Version, s.Chunk.Index, s.Attempt)).Order()];

    /// <summary>The job id the fake GPU pool gives a submission: unique per render instance, chunk and attempt.</summary>
    public static string JobId(ChunkJobRequest request) => $"{request.InstanceId}/c{request.Chunk.Index}/a{request.Attempt}";

    /// <summary>A succeeded result for <paramref name="jobId"/>.</summary>
    public static GpuJobResult Succeeded(ChunkJobRequest request, string jobId) => new(
        jobId, request.InstanceId, request.Chunk.Index, GpuJobStatus.Succeeded, "work",
        [$"{jobId}/index.json", $"{jobId}/frames-0000.bin"], request.Chunk.FrameCount, 1.5, "cpu", null, $"msg-{jobId}");

    /// <summary>A failed result for <paramref name="jobId"/>.</summary>
    public static GpuJobResult Failed(ChunkJobRequest request, string jobId, string error) => new(
        jobId, request.InstanceId, request.Chunk.Index, GpuJobStatus.Failed, "work", [], 0, 0.2, "cpu", error, $"msg-{jobId}");
}

/// <summary>
/// The script of every run on the host (a DI singleton the fakes take by constructor injection), by run instance id.
/// An activity of the run or of one of its render sub-orchestrations (<c>{run}:preview:v1</c>) finds the run's.
/// </summary>
public sealed class WorkflowScripts
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, WorkflowScript> _byRun = new(StringComparer.Ordinal);

    /// <summary>Gives run <paramref name="runId"/> its script.</summary>
    public void Add(string runId, WorkflowScript script)
    {
        if (!_byRun.TryAdd(runId, script))
        {
            throw new InvalidOperationException($"Run {runId} already has a script.");
        }
    }

    /// <summary>The script of the run <paramref name="instanceId"/> is, or belongs to.</summary>
    public WorkflowScript For(string instanceId) =>
        _byRun.FirstOrDefault(r => instanceId == r.Key || instanceId.StartsWith(r.Key + ":", StringComparison.Ordinal)).Value
        ?? throw new InvalidOperationException($"No test script for instance {instanceId}.");
}
