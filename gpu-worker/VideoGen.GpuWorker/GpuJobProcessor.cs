using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Contracts.Gpu;
using VideoGen.GpuWorker.Jobs;
using VideoGen.GpuWorker.Queues;
using VideoGen.GpuWorker.Rendering;
using VideoGen.Inference;

namespace VideoGen.GpuWorker;

/// <summary>
/// The worker's loop: takes job messages (interactive tier before batch), renders their chunks in runs of
/// <see cref="GpuWorkerOptions.CheckpointFrames"/> frames — one run for several compatible jobs — writes each run as a
/// segment plus an updated index (the checkpoint), and posts a <see cref="GpuJobResult"/>. See the README beside
/// this project for the message lifecycle.
/// </summary>
public sealed class GpuJobProcessor
{
    private readonly GpuWorkerOptions _options;
    private readonly QueueClient _interactive;
    private readonly QueueClient _batch;
    private readonly QueueClient _results;
    private readonly QueueClient _poison;
    private readonly JobOutcomes _outcomes;
    private readonly ChunkStore _store;
    private readonly ModelSessionCache _models;
    private readonly WorkerCounters _counters;
    private readonly IChunkProgressObserver[] _observers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _queuesReady;

    /// <summary>Creates the processor; reading the options validates them.</summary>
    public GpuJobProcessor(
        IOptions<GpuWorkerOptions> options,
        QueueServiceClient queues,
        BlobServiceClient blobs,
        ModelSessionCache models,
        WorkerCounters counters,
        IEnumerable<IChunkProgressObserver> observers,
        TimeProvider time,
        ILogger<GpuJobProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(blobs);
        _options = options.Value;
        _interactive = queues.GetQueueClient(_options.QueueName(GpuQueues.Interactive));
        _batch = queues.GetQueueClient(_options.QueueName(GpuQueues.Batch));
        _results = queues.GetQueueClient(_options.QueueName(GpuQueues.Results));
        _poison = queues.GetQueueClient(_options.QueueName(GpuQueues.Poison));
        _store = new ChunkStore(blobs);
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _observers = [.. observers ?? []];
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _outcomes = new JobOutcomes(_results, _poison, _counters, _logger);
    }

    /// <summary>
    /// Polls until <paramref name="stoppingToken"/> fires, backing off while the queues are empty. On stop the job
    /// in hand is checkpointed and its message released (see <see cref="PollOnceAsync"/>); then it returns.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _logger.WorkerStarted(_interactive.Name, _batch.Name, _results.Name, _poison.Name, _options.MaxBatchJobs, _options.CheckpointFrames);
        var delay = _options.IdlePollMin;
        while (!stoppingToken.IsCancellationRequested)
        {
            int taken;
            try
            {
                taken = await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Includes an SDK timeout (TaskCanceledException) while the worker is not stopping: retried, not fatal.
                _logger.PollFailed(e, _options.IdlePollMax);
                taken = 0;
                delay = _options.IdlePollMax;
            }
            if (taken > 0)
            {
                delay = _options.IdlePollMin;
                continue;
            }
            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.IdlePollMax.Ticks));
        }
        _logger.WorkerStopped();
    }

    /// <summary>
    /// Takes up to <see cref="GpuWorkerOptions.MaxBatchJobs"/> messages from the interactive queue, or when it is
    /// empty from the batch queue, and processes them to the end. Returns how many messages it took.
    /// </summary>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> fired. Frames already rendered were checkpointed and every message not yet
    /// finished was made visible again at once.
    /// </exception>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        await EnsureQueuesAsync(cancellationToken).ConfigureAwait(false);
        var (queue, messages) = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (messages.Length == 0)
        {
            return 0;
        }
        var leases = messages.Select(m => new LeasedMessage(queue, m, _options.VisibilityTimeout, _logger)).ToList();
        var active = new List<ActiveJob>();
        try
        {
            foreach (var lease in leases)
            {
                lease.StartRenewal();
            }
            foreach (var lease in leases)
            {
                if (await PrepareAsync(lease, cancellationToken).ConfigureAwait(false) is { } job)
                {
                    active.Add(job);
                }
            }
            await RenderAsync(active, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            foreach (var lease in leases.Where(l => !l.IsSettled))
            {
                try
                {
                    await lease.ReleaseAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or OperationCanceledException)
                {
                    _logger.ReleaseAtStopFailed(e, lease.MessageId); // the others are still released (an SDK timeout is a TaskCanceledException)
                    continue;
                }
                _counters.Released();
                var job = active.FirstOrDefault(a => a.Lease == lease);
                _logger.MessageReleased(lease.MessageId, job?.Job.JobId ?? "(not read)", job?.FramesDone ?? 0, job?.Job.Chunk.FrameCount ?? 0);
            }
            throw;
        }
        finally
        {
            foreach (var lease in leases)
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }
        }
        return messages.Length;
    }

    /// <summary>Creates the four queues if they do not exist (once per processor).</summary>
    public async Task EnsureQueuesAsync(CancellationToken cancellationToken)
    {
        if (_queuesReady)
        {
            return;
        }
        foreach (var queue in new[] { _interactive, _batch, _results, _poison })
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        _queuesReady = true;
    }

    private async Task<(QueueClient Queue, QueueMessage[] Messages)> ReceiveAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in new[] { _interactive, _batch })
        {
            var received = await queue.ReceiveMessagesAsync(_options.MaxBatchJobs, _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
            if (received.Value.Length > 0)
            {
                return (queue, received.Value);
            }
        }
        return (_interactive, []);
    }

    /// <summary>Reads and checks a job; returns null when the message was settled here (poisoned, failed, already complete, or released).</summary>
    private async Task<ActiveJob?> PrepareAsync(LeasedMessage lease, CancellationToken cancellationToken)
    {
        var body = lease.Message.Body.ToString();
        if (lease.Message.DequeueCount > _options.MaxDequeueCount)
        {
            await _outcomes.FailAsync(lease, body,
                $"The message was dequeued {lease.Message.DequeueCount} times, more than MaxDequeueCount {_options.MaxDequeueCount}; earlier attempts did not finish.",
                poison: true, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        GpuJob? job = null;
        try
        {
            job = JobReader.Read(body);
            var session = LoadModel(job);
            var specSha256 = GpuJobFingerprint.Compute(job);
            var segments = await ReadCheckpointAsync(job, specSha256, cancellationToken).ConfigureAwait(false);
            var framesDone = segments.Sum(s => s.FrameCount);
            if (framesDone == job.Chunk.FrameCount)
            {
                await _outcomes.SucceedAsync(lease, job, segments, 0, session.ExecutionProvider.Provider.ToString(), CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            if (_time.GetUtcNow() > job.Deadline)
            {
                await _outcomes.FailAsync(lease, body, $"Job {job.JobId} missed its deadline {job.Deadline:O} before it could finish.", poison: false, CancellationToken.None)
                    .ConfigureAwait(false);
                return null;
            }
            var product = await _store.ReadInputAsync(job.Container, job.Inputs.ProductRgba, cancellationToken).ConfigureAwait(false);
            var mask = job.Inputs.ProductMask is { } maskBlob
                ? await _store.ReadInputAsync(job.Container, maskBlob, cancellationToken).ConfigureAwait(false)
                : [];
            var inputs = new MotionInputs(job, product, mask);
            _logger.JobStarted(job.JobId, job.InstanceId, job.ChunkIndex, lease.QueueName, framesDone, job.Chunk.FrameCount);
            return new ActiveJob(lease, job, session, inputs, specSha256, segments);
        }
        catch (JobRejectedException e)
        {
            await _outcomes.FailAsync(lease, body, e.Message, poison: true, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException) // a storage error, or no token (identity-based storage)
        {
            await RetryLaterAsync(lease, job?.JobId ?? lease.MessageId, e).ConfigureAwait(false);
            return null;
        }
    }

    private ModelSession LoadModel(GpuJob job)
    {
        ModelSession session;
        try
        {
            session = _models.Get(job.Model.Name, job.Model.Version);
        }
        catch (ModelManifestException e)
        {
            throw new JobRejectedException($"Model {job.Model} cannot be used: {e.Message}", e);
        }
        if (!MotionInputs.InputNames.SetEquals(session.Entry.Inputs.Select(i => i.Name)) || session.Entry.Outputs.All(o => o.Name != "frames"))
        {
            throw new JobRejectedException(
                $"Model {job.Model} does not have the motion generator's contract (inputs {string.Join(", ", MotionInputs.InputNames)}; output frames).");
        }
        return session;
    }

    private async Task<IReadOnlyList<GpuChunkSegment>> ReadCheckpointAsync(GpuJob job, string specSha256, CancellationToken cancellationToken)
    {
        GpuChunkIndex? index;
        try
        {
            index = await _store.ReadIndexAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            _logger.CheckpointIgnored(job.JobId, GpuOutputLayout.IndexBlob(job.OutputPrefix), e.Message);
            return [];
        }
        if (index is null)
        {
            return [];
        }
        if (ActiveJob.Mismatch(index, job, specSha256) is { } why)
        {
            _logger.CheckpointIgnored(job.JobId, GpuOutputLayout.IndexBlob(job.OutputPrefix), why);
            return [];
        }
        return index.Segments;
    }

    /// <summary>
    /// Renders the jobs to the end. Each model run takes the next <see cref="GpuWorkerOptions.CheckpointFrames"/>
    /// frames of up to every compatible job; its outputs are then written behind the next runs (at most
    /// <see cref="GpuWorkerOptions.WriteBehindRuns"/> runs behind), each job's writes in order on its own chain.
    /// Whatever ends the loop, every write already queued finishes before this returns or throws.
    /// </summary>
    private async Task RenderAsync(List<ActiveJob> active, CancellationToken cancellationToken)
    {
        var pending = active.Where(j => !j.AllScheduled).ToList();
        var k = _options.CheckpointFrames;
        var writing = new Queue<Task>();
        var finished = false;
        try
        {
            while (pending.Count > 0)
            {
                while (writing.Count > _options.WriteBehindRuns)
                {
                    await writing.Dequeue().ConfigureAwait(false);
                }
                cancellationToken.ThrowIfCancellationRequested();
                pending.RemoveAll(j => j.Failed);
                if (pending.Count == 0)
                {
                    break;
                }
                var group = new List<(ActiveJob Job, (int First, int Count) Range, IReadOnlyDictionary<string, ModelTensor> Request)>();
                var first = pending[0];
                var firstRange = first.NextRange(k);
                group.Add((first, firstRange, first.Request(firstRange)));
                foreach (var other in pending.Skip(1).Where(o => o.Session == first.Session))
                {
                    var range = other.NextRange(k);
                    var request = other.Request(range);
                    if (first.Session.CanBatch([.. group.Select(g => g.Request), request]))
                    {
                        group.Add((other, range, request));
                    }
                }

                var totalFrames = group.Sum(g => g.Range.Count);
                var started = Stopwatch.GetTimestamp();
                ModelRun run;
                try
                {
                    run = first.Session.RunInPlace([.. group.Select(g => g.Request)], cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    foreach (var (job, _, _) in group)
                    {
                        pending.Remove(job);
                        await job.Tail.ConfigureAwait(false);
                        await RetryLaterAsync(job, e).ConfigureAwait(false);
                    }
                    continue;
                }
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var model = first.Session.Entry.Key.ToString();
                _counters.AddRun(totalFrames, group.Count, seconds, model, first.Session.ExecutionProvider.Provider.ToString());
                _logger.RunCompleted(totalFrames, group.Count, model, seconds);

                var frames = QuantizeAsync(run, [.. group.Select(g => (g.Job.Job.Chunk, g.Range.Count))]);
                var tails = new List<Task>(group.Count);
                for (var i = 0; i < group.Count; i++)
                {
                    var (job, range, _) = group[i];
                    job.DeviceSeconds += seconds * range.Count / totalFrames;
                    job.Schedule(range);
                    job.Tail = WriteCheckpointAsync(job, range, frames, i, job.Tail);
                    tails.Add(job.Tail);
                }
                writing.Enqueue(Task.WhenAll(tails));
                pending.RemoveAll(j => j.AllScheduled);
            }
            finished = true;
        }
        finally
        {
            // Rendered frames are kept even when stopping: the writes do not observe the stop token.
            var all = Task.WhenAll(writing);
            try
            {
                await all.ConfigureAwait(false);
            }
            catch (Exception e) when (!finished)
            {
                // The loop's own exception is the one that propagates; this one is logged, not lost.
                _logger.WriteFailedWhileStopping(e);
            }
        }
    }

    /// <summary>Converts each request's frames of a run to RGB24 on the thread pool, then frees the run's buffers.</summary>
    private static Task<byte[][]> QuantizeAsync(ModelRun run, (GpuChunkSpec Chunk, int Frames)[] requests) =>
        Task.Run(() =>
        {
            using (run)
            {
                var result = new byte[requests.Length][];
                for (var i = 0; i < requests.Length; i++)
                {
                    var (chunk, frames) = requests[i];
                    result[i] = Rgb24.FromPlanar(run.Float32(i, "frames"), frames, chunk.Height, chunk.Width);
                }
                return result;
            }
        });

    /// <summary>One checkpoint of one job: after <paramref name="previous"/>, the segment blob, then the index that lists it.</summary>
    private async Task WriteCheckpointAsync(ActiveJob job, (int First, int Count) range, Task<byte[][]> frames, int request, Task previous)
    {
        var rgb = (await frames.ConfigureAwait(false))[request];
        await previous.ConfigureAwait(false);
        if (job.Failed)
        {
            return;
        }
        try
        {
            var segment = await _store.WriteSegmentAsync(job.Job, range.First, range.Count, rgb, CancellationToken.None).ConfigureAwait(false);
            job.Add(segment);
            await _store.WriteIndexAsync(job.Job, job.Index(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException) // a storage error, or no token (identity-based storage)
        {
            await RetryLaterAsync(job, e).ConfigureAwait(false);
            return;
        }
        foreach (var observer in _observers)
        {
            observer.OnCheckpoint(job.Job, job.FramesDone);
        }
        if (job.Done)
        {
            await _outcomes.SucceedAsync(job.Lease, job.Job, job.Segments, job.DeviceSeconds, job.Session.ExecutionProvider.Provider.ToString(), CancellationToken.None)
                .ConfigureAwait(false);
        }
    }

    private Task RetryLaterAsync(ActiveJob job, Exception exception) =>
        job.TryFail() ? RetryLaterAsync(job.Lease, job.Job.JobId, exception) : Task.CompletedTask;

    private async Task RetryLaterAsync(LeasedMessage lease, string jobId, Exception exception)
    {
        _logger.JobRetrying(exception, jobId, _options.RetryDelay);
        await lease.ReleaseAsync(_options.RetryDelay, CancellationToken.None).ConfigureAwait(false);
        _counters.Released();
    }
}
