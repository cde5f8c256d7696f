using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VideoGen.Contracts.Gpu;
using VideoGen.Generation.Bench;
using VideoGen.GpuWorker;
using VideoGen.Inference;
using VideoGen.Inference.ReferenceModels;
using VideoGen.Media;
using VideoGen.Testing;

// Generation-path figures (DESIGN §8): figure lines on stdout, progress on stderr. See README.md.
var settings = BenchSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

var clock = Stopwatch.StartNew();
Report.Note($"VideoGen.Generation bench: {settings}; starting Azurite");
await using var azurite = await AzuriteProcess.StartAsync();
var modelsDir = Directory.CreateTempSubdirectory("videogen-bench-models-").FullName;
var workDir = Directory.CreateTempSubdirectory("videogen-bench-media-").FullName;
try
{
    ReferenceModelSet.WriteAll(modelsDir);
    var manifest = Path.Combine(modelsDir, ReferenceModelSet.ManifestFileName);
    var scene = new Scene(settings);

    // Warm-up (not measured): session load, JIT, first storage round trips.
    var warm = await WorkerScenario.RunAsync(azurite.ProcessId, azurite.ConnectionString, manifest, scene, settings, maxBatchJobs: settings.BatchJobs, jobs: 2, "warm");
    Report.Note($"warm-up: {warm.Frames} frames in {warm.Seconds:0.00} s");

    // 1 and 3. The worker through the queues, batching up to BatchJobs jobs per run, and with one job per receive (so
    // every model run renders one job's segment); alternated, medians of Repeats runs each.
    List<WorkerRun> batchedRuns = [], singleRuns = [];
    for (var repeat = 0; repeat < settings.Repeats; repeat++)
    {
        var b = await WorkerScenario.RunAsync(azurite.ProcessId, azurite.ConnectionString, manifest, scene, settings, settings.BatchJobs, settings.Jobs, $"batched{repeat}");
        Report.Note($"worker, batching {settings.BatchJobs}: {b.Frames} frames in {b.Seconds:0.000} s, {b.ModelRuns} model runs, {b.DeviceSeconds:0.000} device-seconds");
        batchedRuns.Add(b);
        var s1 = await WorkerScenario.RunAsync(azurite.ProcessId, azurite.ConnectionString, manifest, scene, settings, maxBatchJobs: 1, settings.Jobs, $"single{repeat}");
        Report.Note($"worker, one job per run: {s1.Frames} frames in {s1.Seconds:0.000} s, {s1.ModelRuns} model runs, {s1.DeviceSeconds:0.000} device-seconds");
        singleRuns.Add(s1);
    }
    var batched = batchedRuns[^1];
    var batchedSeconds = Report.Median([.. batchedRuns.Select(r => r.Seconds)]);
    var singleSeconds = Report.Median([.. singleRuns.Select(r => r.Seconds)]);
    Report.Figure("worker_frames_per_s", batched.Frames / batchedSeconds, "frames/s");
    // The device's busy share: time inside ONNX Runtime runs ÷ wall time (what GPU utilisation would show).
    Report.Figure("worker_device_busy_pct", Report.Median([.. batchedRuns.Select(r => r.DeviceSeconds / r.Seconds * 100)]), "%");

    // 2. A bare ONNX Runtime loop over the same model, the same inputs and the same run shapes.
    var bare = BareLoop.Run(manifest, scene, settings, out var bareFirstJob);
    Report.Note($"bare ONNX Runtime loop: {batched.Frames} frames in {bare:0.000} s (median of {settings.Repeats})");
    if (!bareFirstJob.AsSpan().SequenceEqual(batched.FirstJobFrames))
    {
        Report.Note("the bare loop's frames differ from the worker's: the inputs are not the same; aborting");
        return 1;
    }
    Report.Figure("worker_overhead_pct", (batchedSeconds - bare) / bare * 100, "%");
    Report.Figure("batching_gain_x", singleSeconds / batchedSeconds, "x");

    // Context for the overhead: the same segment bytes uploaded with the SDK alone, one after another, to the same
    // Azurite — what storage costs before the worker does anything else (Azurite runs on the same cores here).
    var upload = await BareUpload.RunAsync(azurite.ProcessId, azurite.ConnectionString, settings);
    Report.Note($"bare uploads of the same {upload.Blobs} segments ({upload.Bytes / 1e6:0.0} MB): {upload.Seconds:0.000} s wall, " +
        $"{upload.AzuriteCpuSeconds:0.000} CPU-s in Azurite, {upload.ClientCpuSeconds:0.000} CPU-s in this process (medians of {settings.Repeats})");

    // 4. Assembly of the batched run's chunks vs a bare ffmpeg encode of the same frames.
    var assembly = await AssemblyScenario.RunAsync(batched.Chunks, scene, settings, workDir);
    Report.Note($"assembly of {assembly.Frames} frames: {assembly.AssemblySeconds:0.000} s; bare ffmpeg: {assembly.FfmpegSeconds:0.000} s (medians of {settings.Repeats})");
    Report.Figure("assembly_vs_ffmpeg_x", assembly.AssemblySeconds / assembly.FfmpegSeconds, "x");

    Report.Note($"finished in {clock.Elapsed.TotalSeconds:0.0} s");
    return 0;
}
finally
{
    Directory.Delete(modelsDir, recursive: true);
    Directory.Delete(workDir, recursive: true);
}

namespace VideoGen.Generation.Bench
{
    internal sealed record BenchSettings(int Jobs, int Frames, int Overlap, int Width, int Height, int BatchJobs, int CheckpointFrames, int Threads, int Repeats, bool SpinWait = false)
    {
        public const string Usage =
            "usage: VideoGen.Generation.Bench [--jobs N] [--frames N] [--size WxH] [--batch N] [--checkpoint N] [--threads N] [--repeats N] [--spin on|off]";

        public static BenchSettings? Parse(string[] args)
        {
            var s = new BenchSettings(Jobs: 8, Frames: 48, Overlap: 8, Width: 256, Height: 192, BatchJobs: 4, CheckpointFrames: 8,
                Threads: Environment.ProcessorCount, Repeats: 5);
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                int Int() => value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException(args[i]);
                try
                {
                    switch (args[i])
                    {
                        case "--jobs": s = s with { Jobs = Int() }; break;
                        case "--frames": s = s with { Frames = Int() }; break;
                        case "--batch": s = s with { BatchJobs = Int() }; break;
                        case "--checkpoint": s = s with { CheckpointFrames = Int() }; break;
                        case "--threads": s = s with { Threads = Int() }; break;
                        case "--repeats": s = s with { Repeats = Int() }; break;
                        case "--spin": s = s with { SpinWait = value is "on" ? true : value is "off" ? false : throw new FormatException(args[i]) }; break;
                        case "--size":
                            var parts = (value ?? "").Split('x');
                            s = s with { Width = int.Parse(parts[0], CultureInfo.InvariantCulture), Height = int.Parse(parts[1], CultureInfo.InvariantCulture) };
                            break;
                        default: return null;
                    }
                }
                catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
                {
                    return null;
                }
                i++;
            }
            return s.Overlap < s.Frames ? s : null;
        }

        public override string ToString() =>
            $"{Jobs} chunk jobs × {Frames} frames (overlap {Overlap}) at {Width}×{Height}, batch {BatchJobs}, checkpoint {CheckpointFrames}, {Threads} ORT threads, spin-wait {(SpinWait ? "on" : "off")}";
    }

    internal static class Report
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        public static void Figure(string name, double value, string unit)
        {
            Console.Out.WriteLine($"figure {name} {(double.IsFinite(value) ? value.ToString("0.##", CultureInfo.InvariantCulture) : "nan")} {unit}");
            Console.Out.Flush();
        }

        public static void Note(string text) =>
            Console.Error.WriteLine($"[{Clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),6}s] {text}");

        public static double Median(List<double> samples)
        {
            samples.Sort();
            return samples.Count % 2 == 1 ? samples[samples.Count / 2] : (samples[(samples.Count / 2) - 1] + samples[samples.Count / 2]) / 2;
        }
    }

    /// <summary>The shot every job renders: one clip cut into chunks with consecutive clip frame indices.</summary>
    internal sealed class Scene(BenchSettings settings)
    {
        public const int ProductWidth = 48;
        public const int ProductHeight = 36;
        public const long Seed = 11;
        public static readonly IReadOnlyList<string> Palette = ["#203040", "#c0d0e0", "#ff8800"];
        public static readonly IReadOnlyList<CameraKeyframe> Camera = [new(0, 0.5, -0.2, 0.0, 0), new(1000, 0.8, 0.2, 0.1, 0)];

        public BenchSettings Settings => settings;

        public byte[] ProductRgba { get; } = MakeProduct();

        public long FirstFrameIndex(int chunk) => (long)chunk * (settings.Frames - settings.Overlap);

        public GpuJob Job(string container, string run, int chunk) => new(
            $"{run}-{chunk}",
            $"bench-{run}",
            chunk,
            GpuTier.Interactive,
            new GpuModelRef(MotionGeneratorModel.Name, MotionGeneratorModel.Version),
            new GpuChunkSpec(settings.Frames, settings.Width, settings.Height, 24, chunk == 0 ? 0 : settings.Overlap, Seed, FirstFrameIndex(chunk), new GpuShotParameters(Palette, Camera)),
            container,
            new GpuJobInputs("inputs/product.rgba", ProductWidth, ProductHeight),
            $"{run}/chunk-{chunk:D3}",
            DateTimeOffset.UtcNow.AddHours(1));

        public ProductImage Product()
        {
            var rgb = new byte[ProductWidth * ProductHeight * 3];
            for (var p = 0; p < ProductWidth * ProductHeight; p++)
            {
                ProductRgba.AsSpan(p * 4, 3).CopyTo(rgb.AsSpan(p * 3));
            }
            return new ProductImage(ProductWidth, ProductHeight, rgb, MaskExtractor.FromAlpha(ProductRgba, ProductWidth, ProductHeight), maskFromAlpha: true);
        }

        private static byte[] MakeProduct()
        {
            var bytes = new byte[ProductWidth * ProductHeight * 4];
            for (var y = 0; y < ProductHeight; y++)
            {
                for (var x = 0; x < ProductWidth; x++)
                {
                    var p = ((y * ProductWidth) + x) * 4;
                    var dx = (x - (ProductWidth / 2.0) + 0.5) / (ProductWidth / 2.0);
                    var dy = (y - (ProductHeight / 2.0) + 0.5) / (ProductHeight / 2.0);
                    bytes[p] = (byte)(x * 255 / ProductWidth);
                    bytes[p + 1] = (byte)(y * 255 / ProductHeight);
                    bytes[p + 2] = 200;
                    bytes[p + 3] = (dx * dx) + (dy * dy) <= 1 ? (byte)255 : (byte)0;
                }
            }
            return bytes;
        }
    }

    internal sealed record UploadRun(int Blobs, long Bytes, double Seconds, double AzuriteCpuSeconds, double ClientCpuSeconds);

    /// <summary>The worker's segment uploads without the worker: same count and sizes, one SDK upload after another.</summary>
    internal static class BareUpload
    {
        public static async Task<UploadRun> RunAsync(int azuriteProcessId, string connectionString, BenchSettings settings)
        {
            var container = new BlobServiceClient(connectionString).GetBlobContainerClient(Unique.HubName("u").ToLowerInvariant());
            await container.CreateIfNotExistsAsync();
            var segmentsPerJob = (settings.Frames + settings.CheckpointFrames - 1) / settings.CheckpointFrames;
            var sizes = Enumerable.Range(0, segmentsPerJob)
                .Select(s => Math.Min(settings.CheckpointFrames, settings.Frames - (s * settings.CheckpointFrames)) * GpuOutputLayout.FrameBytes(settings.Width, settings.Height))
                .SelectMany(size => Enumerable.Repeat(size, settings.Jobs)).ToList();
            var data = new byte[sizes.Max()];
            new Random(1).NextBytes(data);
            List<double> wall = [], server = [], client = [];
            for (var repeat = 0; repeat < settings.Repeats; repeat++)
            {
                var a0 = WorkerScenario.CpuSeconds(azuriteProcessId);
                var c0 = WorkerScenario.CpuSeconds(Environment.ProcessId);
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < sizes.Count; i++)
                {
                    await container.GetBlobClient($"segment-{i}").UploadAsync(new BinaryData(data.AsMemory(0, (int)sizes[i])), overwrite: true);
                }
                wall.Add(watch.Elapsed.TotalSeconds);
                server.Add(WorkerScenario.CpuSeconds(azuriteProcessId) - a0);
                client.Add(WorkerScenario.CpuSeconds(Environment.ProcessId) - c0);
            }
            await container.DeleteAsync();
            return new UploadRun(sizes.Count, sizes.Sum(), Report.Median(wall), Report.Median(server), Report.Median(client));
        }
    }

    internal sealed record WorkerRun(int Frames, double Seconds, long ModelRuns, double DeviceSeconds, byte[] FirstJobFrames, IReadOnlyList<FrameChunk> Chunks);

    /// <summary>Jobs on the interactive queue, an in-process worker polling until every result is on gpu-results.</summary>
    internal static class WorkerScenario
    {
        public static double CpuSeconds(int processId)
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime.TotalSeconds;
        }

        public static async Task<WorkerRun> RunAsync(int azuriteProcessId, string connectionString, string manifest, Scene scene, BenchSettings settings, int maxBatchJobs, int jobs, string run)
        {
            var prefix = Unique.HubName("g").ToLowerInvariant() + "-";
            var queues = new QueueServiceClient(connectionString);
            var interactive = queues.GetQueueClient(prefix + GpuQueues.Interactive);
            var results = queues.GetQueueClient(prefix + GpuQueues.Results);
            foreach (var name in new[] { GpuQueues.Interactive, GpuQueues.Batch, GpuQueues.Results, GpuQueues.Poison })
            {
                await queues.GetQueueClient(prefix + name).CreateIfNotExistsAsync();
            }
            var container = new BlobServiceClient(connectionString).GetBlobContainerClient(Unique.HubName("c").ToLowerInvariant());
            await container.CreateIfNotExistsAsync();
            await container.GetBlobClient("inputs/product.rgba").UploadAsync(new BinaryData(scene.ProductRgba), overwrite: true);

            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
            services.AddInference(o =>
            {
                o.ManifestPath = manifest;
                o.ExecutionProvider = ExecutionProviderPreference.Cpu;
                o.IntraOpThreads = settings.Threads;
                o.IntraOpSpinWait = settings.SpinWait;
            });
            services.AddGpuWorker(o =>
            {
                o.StorageConnectionString = connectionString;
                o.QueueNamePrefix = prefix;
                o.MaxBatchJobs = maxBatchJobs;
                o.CheckpointFrames = settings.CheckpointFrames;
                o.VisibilityTimeout = TimeSpan.FromMinutes(5);
            }, addHostedService: false);
            await using var provider = services.BuildServiceProvider();
            var processor = provider.GetRequiredService<GpuJobProcessor>();
            var counters = provider.GetRequiredService<WorkerCounters>();
            // Load the model before the clock starts: a pool worker is long-lived.
            provider.GetRequiredService<ModelSessionCache>().Get(MotionGeneratorModel.Name, MotionGeneratorModel.Version);

            // CPU seconds spent by Azurite (the storage server, on the same cores here) and by this process.
            var node0 = CpuSeconds(azuriteProcessId);
            var self0 = CpuSeconds(Environment.ProcessId);
            var watch = Stopwatch.StartNew();
            for (var chunk = 0; chunk < jobs; chunk++)
            {
                await interactive.SendMessageAsync(GpuJson.Serialize(scene.Job(container.Name, run, chunk)));
            }
            var received = new List<GpuJobResult>();
            while (received.Count < jobs)
            {
                await processor.PollOnceAsync(CancellationToken.None);
                foreach (var message in (await results.ReceiveMessagesAsync(32)).Value)
                {
                    received.Add(GpuJson.Deserialize<GpuJobResult>(message.Body.ToString()));
                    await results.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
                if (watch.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"{run}: {received.Count} of {jobs} results after 5 minutes");
                }
            }
            watch.Stop();
            Report.Note($"CPU during {run}: Azurite {CpuSeconds(azuriteProcessId) - node0:0.000} s, this process {CpuSeconds(Environment.ProcessId) - self0:0.000} s");
            if (received.FirstOrDefault(r => r.Status != GpuJobStatus.Succeeded) is { } failed)
            {
                throw new InvalidOperationException($"{run}: job {failed.JobId} failed: {failed.Error}");
            }

            var chunks = new List<FrameChunk>();
            byte[] first = [];
            for (var chunk = 0; chunk < jobs; chunk++)
            {
                var job = scene.Job(container.Name, run, chunk);
                var index = GpuJson.Deserialize<GpuChunkIndex>((await container.GetBlobClient(GpuOutputLayout.IndexBlob(job.OutputPrefix)).DownloadContentAsync()).Value.Content.ToString());
                using var all = new MemoryStream();
                foreach (var segment in index.Segments)
                {
                    all.Write((await container.GetBlobClient(segment.Blob).DownloadContentAsync()).Value.Content.ToArray());
                }
                var raw = all.ToArray();
                first = chunk == 0 ? raw : first;
                var size = (int)GpuOutputLayout.FrameBytes(settings.Width, settings.Height);
                var frames = Enumerable.Range(0, raw.Length / size).Select(f => raw.AsSpan(f * size, size).ToArray()).ToList();
                chunks.Add(new FrameChunk(chunk, job.Chunk.Overlap, new FrameSequence(settings.Width, settings.Height, 24, frames)));
            }
            await container.DeleteAsync();
            return new WorkerRun(jobs * settings.Frames, watch.Elapsed.TotalSeconds, counters.ModelRuns, received.Sum(r => r.DeviceSeconds), first, chunks);
        }
    }

    /// <summary>
    /// ONNX Runtime alone: the same model bytes, session options and thread count as the worker, the same inputs, and
    /// the worker's run shapes (each run stacks the next CheckpointFrames frames of up to BatchJobs jobs).
    /// </summary>
    internal static class BareLoop
    {
        public static double Run(string manifestPath, Scene scene, BenchSettings settings, out byte[] firstJobFrames)
        {
            var manifest = ModelManifest.Load(manifestPath);
            var entry = manifest.Get(new ModelKey(MotionGeneratorModel.Name, MotionGeneratorModel.Version));
            using var options = new InferenceOptions { ManifestPath = manifestPath, IntraOpThreads = settings.Threads, IntraOpSpinWait = settings.SpinWait }.CreateSessionOptions();
            using var session = new InferenceSession(File.ReadAllBytes(manifest.ResolvePath(entry)), options);
            int pw = Scene.ProductWidth, ph = Scene.ProductHeight, plane = pw * ph;
            var product = new float[4 * plane];
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 4; c++)
                {
                    product[(c * plane) + p] = scene.ProductRgba[(p * 4) + c] / 255f;
                }
            }
            var mask = Enumerable.Repeat(1f, plane).ToArray();
            float[] colours = [.. Scene.Palette.SelectMany(h => new[] { Convert.ToInt32(h[1..3], 16) / 255f, Convert.ToInt32(h[3..5], 16) / 255f, Convert.ToInt32(h[5..7], 16) / 255f })];
            var frameBytes = settings.Width * settings.Height * 3;
            firstJobFrames = new byte[settings.Frames * frameBytes];

            // Build every run's inputs first, so the clock sees ONNX Runtime only.
            var runs = new List<(int FirstJob, int Jobs, int FirstFrame, int Count, Dictionary<string, OrtValue> Inputs)>();
            for (var group = 0; group < settings.Jobs; group += settings.BatchJobs)
            {
                var jobs = Math.Min(settings.BatchJobs, settings.Jobs - group);
                for (var first = 0; first < settings.Frames; first += settings.CheckpointFrames)
                {
                    var count = Math.Min(settings.CheckpointFrames, settings.Frames - first);
                    var n = jobs * count;
                    float[] theta = new float[n * 6], palette = new float[n * 9], seed = new float[n], index = new float[n];
                    for (var j = 0; j < jobs; j++)
                    {
                        for (var f = 0; f < count; f++)
                        {
                            var row = (j * count) + f;
                            var t = scene.FirstFrameIndex(group + j) + first + f;
                            Theta(t).CopyTo(theta, row * 6);
                            colours.CopyTo(palette, row * 9);
                            seed[row] = MotionGeneratorModel.SeedPhase(Scene.Seed);
                            index[row] = t;
                        }
                    }
                    runs.Add((group, jobs, first, count, new Dictionary<string, OrtValue>
                    {
                        ["product"] = OrtValue.CreateTensorValueFromMemory(product, [1, 4, ph, pw]),
                        ["mask"] = OrtValue.CreateTensorValueFromMemory(mask, [1, 1, ph, pw]),
                        ["theta"] = OrtValue.CreateTensorValueFromMemory(theta, [n, 2, 3]),
                        ["palette"] = OrtValue.CreateTensorValueFromMemory(palette, [n, 3, 3]),
                        ["seed"] = OrtValue.CreateTensorValueFromMemory(seed, [n]),
                        ["frame_index"] = OrtValue.CreateTensorValueFromMemory(index, [n]),
                        ["frame_size"] = OrtValue.CreateTensorValueFromMemory(new long[] { settings.Height, settings.Width }, [2]),
                    }));
                }
            }

            using var runOptions = new RunOptions();
            var outputNames = session.OutputNames;
            var samples = new List<double>();
            for (var repeat = 0; repeat < settings.Repeats; repeat++)
            {
                var watch = Stopwatch.StartNew();
                foreach (var r in runs)
                {
                    using var outputs = session.Run(runOptions, r.Inputs, outputNames);
                    if (repeat == 0 && r.FirstJob == 0)
                    {
                        Quantize(outputs[0].GetTensorDataAsSpan<float>(), r.FirstFrame, r.Count, settings, firstJobFrames);
                    }
                }
                samples.Add(watch.Elapsed.TotalSeconds);
            }
            foreach (var r in runs)
            {
                foreach (var value in r.Inputs.Values)
                {
                    value.Dispose();
                }
            }
            return Report.Median(samples);
        }

        // Camera path of Scene.Camera (no rotation): [1/z, 0, -px/z; 0, 1/z, -py/z], linear between the two keyframes.
        private static float[] Theta(long t)
        {
            var u = Math.Clamp(t / 1000.0, 0, 1);
            var zoom = 0.5 + ((0.8 - 0.5) * u);
            var panX = -0.2 + ((0.2 - -0.2) * u);
            var panY = 0.0 + ((0.1 - 0.0) * u);
            return [(float)(1 / zoom), 0f, (float)(-panX / zoom), 0f, (float)(1 / zoom), (float)(-panY / zoom)];
        }

        // The first job's rows of a run (it is the first in every group it belongs to) as RGB24.
        private static void Quantize(ReadOnlySpan<float> planar, int firstFrame, int count, BenchSettings s, byte[] into)
        {
            var plane = s.Width * s.Height;
            for (var f = 0; f < count; f++)
            {
                for (var p = 0; p < plane; p++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        into[((((firstFrame + f) * plane) + p) * 3) + c] = (byte)MathF.Round(Math.Clamp(planar[(((f * 3) + c) * plane) + p], 0f, 1f) * 255f);
                    }
                }
            }
        }
    }

    internal sealed record AssemblyResult(int Frames, double AssemblySeconds, double FfmpegSeconds);

    /// <summary>Blend + composite + preview encode (VideoGen.Media) vs ffmpeg alone encoding the same frames from a pipe.</summary>
    internal static class AssemblyScenario
    {
        public static async Task<AssemblyResult> RunAsync(IReadOnlyList<FrameChunk> chunks, Scene scene, BenchSettings settings, string dir)
        {
            var product = scene.Product();
            var placement = new ProductPlacement((settings.Width - Scene.ProductWidth) / 2, (settings.Height - Scene.ProductHeight) / 2);
            var final = ProductCompositor.Composite(SeamBlender.Blend(chunks).Frames, product, placement);
            var streamed = ProductCompositor.Composite(SeamBlender.BlendStream(chunks).Frames, product, placement).ToSequence();
            if (!streamed.Frames.Zip(final.Frames).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
            {
                throw new InvalidOperationException("the streamed assembly's frames differ from the buffered ones");
            }
            var profile = EncodeProfile.Preview;
            var (ow, oh) = profile.OutputSize(final.Width, final.Height);
            List<double> assembly = [], bare = [];
            for (var repeat = 0; repeat < settings.Repeats; repeat++)
            {
                var watch = Stopwatch.StartNew();
                // Streamed (VideoEncoder's FrameStream overload): each frame is blended and composited as it is written to ffmpeg.
                var blended = SeamBlender.BlendStream(chunks);
                var composited = ProductCompositor.Composite(blended.Frames, product, placement);
                await VideoEncoder.EncodeAsync(composited, Path.Combine(dir, "assembled.mp4"), EncodeTier.Preview);
                assembly.Add(watch.Elapsed.TotalSeconds);

                watch.Restart();
                await BareFfmpegAsync(final, Path.Combine(dir, "bare.mp4"), profile, ow, oh);
                bare.Add(watch.Elapsed.TotalSeconds);
            }
            return new AssemblyResult(final.Count, Report.Median(assembly), Report.Median(bare));
        }

        private static async Task BareFfmpegAsync(FrameSequence frames, string output, EncodeProfile profile, int width, int height)
        {
            var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true };
            var fps = frames.Fps.ToString(CultureInfo.InvariantCulture);
            foreach (var a in new[]
                     {
                         "-hide_banner", "-loglevel", "error", "-y",
                         "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{frames.Width}x{frames.Height}", "-r", fps, "-i", "-",
                         "-vf", $"scale={width}:{height}:flags=bicubic",
                         "-c:v", "libx264", "-preset", profile.Preset, "-crf", profile.Crf.ToString(CultureInfo.InvariantCulture),
                         "-pix_fmt", "yuv420p", "-r", fps, "-movflags", "+faststart", output,
                     })
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
            var stderr = process.StandardError.ReadToEndAsync();
            await using (var stdin = process.StandardInput.BaseStream)
            {
                foreach (var frame in frames.Frames)
                {
                    await stdin.WriteAsync(frame);
                }
            }
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg exited {process.ExitCode}: {await stderr}");
            }
        }
    }
}
