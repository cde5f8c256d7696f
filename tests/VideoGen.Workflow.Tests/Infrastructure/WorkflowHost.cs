using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoGen.DurableHost;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Workflow;
using VideoGen.Workflow.Tests.Fakes;

namespace VideoGen.Workflow.Tests;

/// <summary>
/// A plain generic host running the real <see cref="BriefToPublish"/> and <see cref="RenderChunks"/> on DTFx over
/// Azurite (<see cref="DurableHostServiceCollectionExtensions.AddLocalDurableTask"/>), on a task hub of its own, with
/// every activity replaced by its fake (<see cref="FakeActivities"/>) answering from the run's
/// <see cref="WorkflowScript"/>. One per test class (<see cref="WorkflowHostFixture"/>): the engine takes a few seconds
/// to own its control queue, so the tests of a class share the hub, each with runs of its own.
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    /// <summary>Longest any one wait of a test may take before it fails: a hang guard (generous for a busy machine), never an assertion.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private readonly IHost _host;

    private WorkflowHost(IHost host, string hubName, TestOutputLoggerProvider log)
    {
        _host = host;
        HubName = hubName;
        Log = log;
    }

    /// <summary>The private task hub.</summary>
    public string HubName { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The host's client (a <see cref="DtfxDurableTaskClient"/> over <see cref="WorkflowJson.Converter"/>).</summary>
    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Where the host's warnings go: the running test's output (set by each test class's constructor).</summary>
    public TestOutputLoggerProvider Log { get; }

    /// <summary>Builds and starts a host on a new hub over <paramref name="connectionString"/>; returns once its worker runs.</summary>
    public static async Task<WorkflowHost> StartAsync(string connectionString)
    {
        string hub = Unique.HubName("wf");
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        var log = new TestOutputLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(log);
        builder.Services.AddSingleton<WorkflowScripts>();
        builder.Services.AddSingleton(WorkflowJson.Converter);
        // Local-only engine tuning comes from the DurableTask section, as in the local host: one activity fetch loop,
        // since these runs call one activity at a time (four chunks at most) and idle loops of five hosts side by side
        // would only compete for a small machine's CPU.
        builder.Configuration.AddInMemoryCollection([new("DurableTask:ActivityDispatcherCount", "1")]);
        IConfigurationSection tuning = builder.Configuration.GetSection("DurableTask");
        builder.Services.AddLocalDurableTask(StorageEndpoints.FromConnectionString(connectionString), o =>
        {
            tuning.Bind(o);
            o.HubName = hub;
            o.PartitionCount = 1;
            o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100);
            o.StorageWaitLimit = TimeSpan.FromSeconds(30);
        }, registry =>
        {
            registry.Add(WorkflowRegistration.Orchestrators, []);
            foreach ((string name, Type fake) in FakeActivities.ByName)
            {
                registry.AddActivity(name, fake);
            }
        });

        var host = new WorkflowHost(builder.Build(), hub, log);
        try
        {
            await host._host.StartAsync();
            DurableHostReadiness ready = host.Services.GetRequiredService<DurableHostReadiness>();
            await host.WaitUntilAsync(() => ready.IsReady, $"the durable host on hub {hub} to start");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Starts a <see cref="BriefToPublish"/> run of a fresh upload, its fakes answering from <paramref name="script"/>.</summary>
    public async Task<TestRun> StartRunAsync(WorkflowScript? script = null, string briefId = "launch")
    {
        script ??= new WorkflowScript();
        (string instanceId, BriefRunInput input) = TestRuns.NewRun(briefId);
        Services.GetRequiredService<WorkflowScripts>().Add(instanceId, script);
        using var cts = new CancellationTokenSource(HangGuard);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(BriefToPublish), input, new StartOrchestrationOptions(instanceId), cts.Token);
        return new TestRun(instanceId, script);
    }

    /// <summary>Raises a reviewer's decision on the run, as the approvals endpoint does.</summary>
    public async Task DecideAsync(
        string instanceId, ApprovalDecisionKind decision, string round, string? feedback = null, IReadOnlyList<int>? chunks = null, string approver = TestRuns.Reviewer)
    {
        using var cts = new CancellationTokenSource(HangGuard);
        var payload = new ApprovalDecision(approver, decision, feedback, chunks, DateTimeOffset.UtcNow, round);
        await Client.RaiseEventAsync(instanceId, WorkflowNames.ApprovalDecision, payload, cts.Token);
    }

    /// <summary>The instance's status (with its output) once <paramref name="condition"/> holds; polled every 100 ms.</summary>
    public async Task<OrchestrationMetadata> WaitForAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(HangGuard);
        OrchestrationMetadata? last = null;
        try
        {
            while (true)
            {
                last = await Client.GetInstancesAsync(instanceId, getInputsAndOutputs: false, cts.Token);
                if (last is not null && condition(last))
                {
                    OrchestrationMetadata? full = await Client.GetInstancesAsync(instanceId, getInputsAndOutputs: true, cts.Token);
                    return full is not null && condition(full) ? full : last; // a terminal status does not change
                }

                await Task.Delay(100, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Hang guard: {instanceId} never reached {what}; last seen {Describe(last)}");
        }
    }

    /// <summary>
    /// Waits until the run reports <paramref name="stage"/> in its custom status (and, if given, approval round
    /// <paramref name="round"/>); fails at once if the run ends first.
    /// </summary>
    public Task<OrchestrationMetadata> WaitForStageAsync(string instanceId, string stage, string? round = null) =>
        WaitForAsync(instanceId, m =>
        {
            Assert.False(m.IsCompleted, $"{instanceId} ended before stage {stage}: {Describe(m)}");
            RunStatus? s = m.ReadCustomStatusAs<RunStatus>();
            return s?.Stage == stage && (round is null || s.ApprovalRound == round);
        }, $"stage {stage}{(round is null ? "" : $" round {round}")}");

    /// <summary>Waits until the instance has a terminal status.</summary>
    public Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId) =>
        WaitForAsync(instanceId, m => m.IsCompleted, "a terminal status");

    /// <summary>Waits until the instance has <paramref name="status"/>.</summary>
    public Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status) =>
        WaitForAsync(instanceId, m => m.RuntimeStatus == status, status.ToString());

    /// <summary>Waits until the instance's history holds <paramref name="count"/> events named <paramref name="eventName"/> (the orchestrator has taken them in).</summary>
    public async Task WaitForEventsInHistoryAsync(string instanceId, string eventName, int count)
    {
        using var cts = new CancellationTokenSource(HangGuard);
        int seen = 0;
        try
        {
            while (true)
            {
                IList<HistoryEvent> history = await Client.GetOrchestrationHistoryAsync(instanceId, cts.Token);
                seen = history.OfType<EventRaisedEvent>().Count(e => e.Name == eventName);
                if (seen >= count)
                {
                    return;
                }

                await Task.Delay(100, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Hang guard: {instanceId} took in {seen} of {count} {eventName} events.");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> (over what the fakes saw) holds.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(HangGuard);
        try
        {
            while (!condition())
            {
                await Task.Delay(50, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Hang guard: waited in vain for {what}.");
        }
    }

    /// <summary>Stops the worker and the host.</summary>
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(HangGuard);
        try
        {
            await _host.StopAsync(cts.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    /// <summary>Asserts the run completed and returns its result.</summary>
    public static RunResult Result(OrchestrationMetadata m)
    {
        Assert.True(m.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{m.InstanceId} did not complete: {Describe(m)}");
        return m.ReadOutputAs<RunResult>() ?? throw new InvalidOperationException($"{m.InstanceId} completed without output.");
    }

    /// <summary>One line about an instance, for failure messages.</summary>
    public static string Describe(OrchestrationMetadata? m) => m is null
        ? "no instance"
        : $"{m.RuntimeStatus}, status {m.SerializedCustomStatus ?? "none"}, failure {m.FailureDetails?.ErrorType}: {m.FailureDetails?.ErrorMessage}";
}

/// <summary>A run a test started, and the script its fakes answer from.</summary>
/// <param name="Id">The run's instance id.</param>
/// <param name="Script">Its script.</param>
public sealed record TestRun(string Id, WorkflowScript Script);
