using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoGen.DurableHost;
using VideoGen.Samples.Hello;
using VideoGen.Testing;

// Hello, Durable Task: Azurite + one DTFx host (src/VideoGen.DurableHost) + one Microsoft.DurableTask orchestration
// (fan-out, durable timer, external event).
// Exit code: 0 when the instance Completed with the expected output, 1 otherwise, 2 when it ran out of time.

var clock = Stopwatch.StartNew();
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
CancellationToken ct = cts.Token;

try
{
    Say("starting Azurite (in memory, loopback ports)...");
    await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(ct);
    Say($"Azurite ready in {azurite.StartupTime.TotalSeconds:0.0} s (blob {azurite.BlobPort}, queue {azurite.QueuePort}, table {azurite.TablePort})");

    HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss.fff ";
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Logging.AddFilter("VideoGen.Samples.Hello", LogLevel.Information);

    // The engine settings the function app runs with (host.json's durableTask section), on a hub of our own.
    string hostJson = Path.Combine(RepoRoot.Path, "host.json");
    builder.Services.AddLocalDurableTask(
        StorageEndpoints.FromConnectionString(azurite.ConnectionString),
        o =>
        {
            DurableHostOptions.FromHostJson(hostJson).CopyTo(o);
            o.HubName = "HelloSample";
        },
        r => r
            .AddOrchestrator<HelloOrchestrator>()
            .AddActivity<RenderChunk>());

    using IHost host = builder.Build();
    await host.StartAsync(ct);
    DurableTaskClient client = host.Services.GetRequiredService<DurableTaskClient>();
    DurableHostReadiness readiness = host.Services.GetRequiredService<DurableHostReadiness>();
    while (!readiness.IsReady)
    {
        // The worker starts in the background once the task hub's queues, tables and containers exist.
        await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
    }

    DurableHostOptions engine = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DurableHostOptions>>().Value;
    Say($"DTFx host started (hub {engine.HubName}, {engine.PartitionCount} partitions, max poll {engine.MaxQueuePollingInterval.TotalSeconds:0.###} s, from {hostJson})");

    var input = new HelloInput("hello-durable", FrameCount: 120, Chunks: 5);
    string instanceId = await client.ScheduleNewOrchestrationInstanceAsync(
        nameof(HelloOrchestrator), input, new StartOrchestrationOptions { InstanceId = $"hello-{Guid.NewGuid():N}"[..14] }, ct);
    Say($"scheduled {nameof(HelloOrchestrator)} as instance {instanceId}: {input.FrameCount} frames in {input.Chunks} chunks");

    // Watch the instance; approve it once it says it is waiting for approval.
    string? lastSeen = null;
    bool approvalSent = false;
    while (true)
    {
        OrchestrationMetadata? state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        string? custom = state?.ReadCustomStatusAs<string>();
        string seen = state is null ? "not visible yet" : $"{state.RuntimeStatus}, custom status '{custom ?? "-"}'";
        if (seen != lastSeen)
        {
            Say($"status: {seen}");
            lastSeen = seen;
        }

        if (state is { IsCompleted: true })
        {
            break;
        }

        if (!approvalSent && custom == HelloStatus.AwaitingApproval)
        {
            await client.RaiseEventAsync(instanceId, HelloStatus.ApprovalEvent, new ApprovalDecision(true, "hello-sample", "looks good"), ct);
            approvalSent = true;
            Say($"raised external event '{HelloStatus.ApprovalEvent}' (approved)");
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
    }

    OrchestrationMetadata final = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct)
        ?? throw new InvalidOperationException($"Instance {instanceId} disappeared.");
    Say($"final status: {final.RuntimeStatus} after {(final.LastUpdatedAt - final.CreatedAt).TotalSeconds:0.0} s");
    Console.WriteLine(Describe(final));

    bool ok = final.RuntimeStatus == OrchestrationRuntimeStatus.Completed && Check(final.ReadOutputAs<HelloResult>(), input);
    using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
    {
        await host.StopAsync(stop.Token);
    }

    Say(ok ? "done: the orchestration completed with the expected output" : "done: the orchestration did NOT complete as expected");
    return ok ? 0 : 1;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Say("timed out (or cancelled) before the orchestration finished");
    return 2;
}

void Say(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {text}");

// The final state as one JSON document: status, custom status, times, output or failure.
static string Describe(OrchestrationMetadata m)
{
    var json = new JsonObject
    {
        ["instanceId"] = m.InstanceId,
        ["name"] = m.Name,
        ["runtimeStatus"] = m.RuntimeStatus.ToString(),
        ["customStatus"] = m.SerializedCustomStatus is null ? null : JsonNode.Parse(m.SerializedCustomStatus),
        ["createdAt"] = m.CreatedAt,
        ["lastUpdatedAt"] = m.LastUpdatedAt,
        ["output"] = m.SerializedOutput is null ? null : JsonNode.Parse(m.SerializedOutput),
        ["failure"] = m.FailureDetails?.ToString(),
    };
    return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}

// The output must account for every frame exactly once: sum of f² for f in [0, FrameCount).
static bool Check(HelloResult? result, HelloInput input)
{
    long n = input.FrameCount;
    long expected = (n - 1) * n * (2 * n - 1) / 6;
    bool ok = result is not null
        && result.Approved
        && result.Chunks.Count == input.Chunks
        && result.Chunks.Sum(c => c.FrameCount) == input.FrameCount
        && result.SumOfSquares == expected;
    if (!ok)
    {
        Console.WriteLine($"unexpected output: expected {input.Chunks} chunks, {input.FrameCount} frames, approved, sum of squares {expected}");
    }
    else
    {
        double late = (result!.TimerResumedUtc - result.TimerDueUtc).TotalMilliseconds;
        Console.WriteLine(late >= 0
            ? $"durable timer: due {result.TimerDueUtc:HH:mm:ss.fff}, orchestration resumed {late:0} ms after that"
            : $"durable timer: due {result.TimerDueUtc:HH:mm:ss.fff}, orchestration resumed {-late:0} ms BEFORE that (DTFx's Azure Storage provider " +
              "makes the timer message visible after a whole number of seconds, so a timer can fire up to ~1 s early)");
    }

    return ok;
}
