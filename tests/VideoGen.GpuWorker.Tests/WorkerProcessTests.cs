using System.Text.RegularExpressions;
using Azure;
using VideoGen.Contracts.Gpu;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

/// <summary>The worker as a real process: SIGKILL mid-chunk then restart, and SIGTERM.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class WorkerProcessTests(AzuriteFixture azurite)
{
    // The kill test's chunk takes several seconds on one CPU thread, so the test sees a checkpoint long before the end
    // even on a fast machine with a cold test process; the SIGTERM test's chunk cannot finish inside its window at all.
    // Neither test measures time: the deadlines only stop a hung worker from hanging the run.
    private const int W = 192;
    private const int H = 144;
    private const int Frames = 480;
    private const int SigtermFrames = Jobs.JobReader.MaxFrames;
    private const int CheckpointFrames = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ResultDeadline = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The index once the killed worker's last writes have landed: with write-behind, a request the worker sent just
    /// before SIGKILL can still be applied by Azurite after the kill. Read until two reads half a second apart agree.
    /// </summary>
    private static async Task<GpuChunkIndex> ReadSettledIndexAsync(TestScope scope, string prefix)
    {
        GpuChunkIndex last = await scope.ReadIndexAsync(prefix);
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cts.Token);
            GpuChunkIndex now = await scope.ReadIndexAsync(prefix);
            if (now.FramesDone == last.FramesDone && now.Segments.Count == last.Segments.Count)
            {
                return now;
            }

            last = now;
        }
    }

    [Fact]
    public async Task KilledMidChunk_RestartedWorker_ResumesFromCheckpointWithIdenticalOutput()
    {
        var scope = await TestScope.CreateAsync(azurite);
        var job = BigJob(scope, "job-killed", "renders/killed");
        await scope.SendAsync(job);

        GpuChunkIndex checkpoint;
        using (var first = WorkerProcess.Start(scope, TimeSpan.FromSeconds(5), CheckpointFrames))
        {
            await WaitForCheckpointAsync(scope, job.OutputPrefix, first);
            await first.KillAsync();
            checkpoint = await ReadSettledIndexAsync(scope, job.OutputPrefix);
        }
        Assert.False(checkpoint.Complete, "the chunk finished before the kill; make the job bigger");
        Assert.True(checkpoint.FramesDone >= CheckpointFrames);
        Assert.Empty(await scope.ReceiveResultsAsync());
        var etags = new Dictionary<string, ETag>();
        foreach (var segment in checkpoint.Segments)
        {
            etags[segment.Blob] = (await scope.Container.GetBlobClient(segment.Blob).GetPropertiesAsync()).Value.ETag;
        }

        GpuJobResult result;
        string log;
        using (var second = WorkerProcess.Start(scope, TimeSpan.FromSeconds(5), CheckpointFrames))
        {
            result = await WaitForResultAsync(scope, second);
            log = second.Output;
        }
        Assert.Equal((GpuJobStatus.Succeeded, "job-killed", Frames), (result.Status, result.JobId, result.Frames));

        // The restarted worker started at the checkpoint, and the checkpointed segments were not written again.
        var resumed = ResumingAt().Match(log);
        Assert.True(resumed.Success, log);
        Assert.Equal(checkpoint.FramesDone, int.Parse(resumed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (blob, etag) in etags)
        {
            Assert.Equal(etag, (await scope.Container.GetBlobClient(blob).GetPropertiesAsync()).Value.ETag);
        }

        // Byte-identical to an uninterrupted render of the same job in this process.
        await using (var straight = new WorkerHarness(scope, o => o.CheckpointFrames = CheckpointFrames))
        {
            await scope.SendAsync(BigJob(scope, "job-straight", "renders/straight"));
            Assert.Equal(1, await straight.Processor.PollOnceAsync(CancellationToken.None));
            Assert.Equal(Frames, straight.Counters.FramesRendered);
        }
        Assert.Equal(await scope.ReadFramesAsync("renders/straight"), await scope.ReadFramesAsync(job.OutputPrefix));
        var a = await scope.ReadIndexAsync(job.OutputPrefix);
        var b = await scope.ReadIndexAsync("renders/straight");
        Assert.True(a.Complete);
        Assert.Equal(b.Segments.Select(s => (s.FirstFrame, s.FrameCount, s.Sha256)), a.Segments.Select(s => (s.FirstFrame, s.FrameCount, s.Sha256)));
    }

    [Fact]
    public async Task Sigterm_WorkerReleasesMessageAtOnceAndExitsZero()
    {
        var scope = await TestScope.CreateAsync(azurite);
        var job = BigJob(scope, "job-sigterm", "renders/sigterm", SigtermFrames);
        await scope.SendAsync(job);

        string log;
        using (var worker = WorkerProcess.Start(scope, TimeSpan.FromMinutes(10), CheckpointFrames))
        {
            await WaitForCheckpointAsync(scope, job.OutputPrefix, worker);
            await worker.TerminateAsync(Deadline);
            log = worker.Output;
            Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}: {log}");
        }

        // Visible again now, not after the 10-minute visibility timeout, with the checkpoint kept.
        var visible = Assert.Single((await scope.Interactive.PeekMessagesAsync(32)).Value);
        Assert.Equal("job-sigterm", GpuJson.Deserialize<GpuJob>(visible.Body.ToString()).JobId);
        Assert.Equal(1, visible.DequeueCount);
        var index = await scope.ReadIndexAsync(job.OutputPrefix);
        Assert.False(index.Complete);
        Assert.True(index.FramesDone >= CheckpointFrames);
        Assert.Contains("released message", log, StringComparison.Ordinal);
        Assert.Empty(await scope.ReceiveResultsAsync());
    }

    private static GpuJob BigJob(TestScope scope, string jobId, string outputPrefix, int frames = Frames)
    {
        var job = TestData.Job(scope, jobId, frames: frames, outputPrefix: outputPrefix);
        return job with { Chunk = job.Chunk with { Width = W, Height = H } };
    }

    /// <summary>Polls the index blob until the worker has checkpointed at least one segment.</summary>
    private static async Task WaitForCheckpointAsync(TestScope scope, string outputPrefix, WorkerProcess worker)
    {
        var blob = scope.Container.GetBlobClient(GpuOutputLayout.IndexBlob(outputPrefix));
        using var timeout = new CancellationTokenSource(Deadline);
        while (true)
        {
            Assert.False(worker.HasExited, $"the worker exited: {worker.Output}");
            Assert.False(timeout.IsCancellationRequested, $"no checkpoint in time: {worker.Output}");
            if (await blob.ExistsAsync())
            {
                var index = GpuJson.Deserialize<GpuChunkIndex>((await blob.DownloadContentAsync()).Value.Content.ToString());
                if (index.FramesDone > 0)
                {
                    return;
                }
            }
            await Task.Delay(10);
        }
    }

    private static async Task<GpuJobResult> WaitForResultAsync(TestScope scope, WorkerProcess worker)
    {
        using var timeout = new CancellationTokenSource(ResultDeadline);
        while (true)
        {
            Assert.False(worker.HasExited, $"the worker exited: {worker.Output}");
            Assert.False(timeout.IsCancellationRequested, $"no result in time: {worker.Output}");
            var results = await scope.ReceiveResultsAsync();
            if (results.Count > 0)
            {
                return Assert.Single(results);
            }
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"resuming at frame (\d+) of \d+")]
    private static partial Regex ResumingAt();
}
