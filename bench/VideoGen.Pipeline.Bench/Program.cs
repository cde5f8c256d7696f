using System.Diagnostics;
using System.Runtime.InteropServices;
using VideoGen.Inference.ReferenceModels;
using VideoGen.Pipeline.Bench;
using VideoGen.Testing;

// Run-level figures (DESIGN §8): the real function app and GPU worker as child processes, one sample brief through
// the public HTTP API. Figure and note lines on stdout, progress on stderr. See README.md.
BenchSettings? settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message); // no repository root / node_modules
    return 2;
}

if (settings is null)
{
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

using var interrupt = new CancellationTokenSource();
using var timeout = new CancellationTokenSource(settings.Timeout);
using var linked = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token, timeout.Token);
// Ctrl+C and SIGTERM unwind through the `await using` blocks, which kill the children (ChildProcess also kills them
// from a process-exit hook, as a fallback).
int interruptCode = 130;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    interruptCode = 143;
    interrupt.Cancel();
});
CancellationToken ct = linked.Token;
var clock = Stopwatch.StartNew();
string modelsDir = Directory.CreateTempSubdirectory("videogen-bench-models-").FullName;
string phase = "starting";
try
{
    // Fail fast, before starting anything: a bad brief folder, a missing build output, no maildev.
    BriefUpload.Load(settings.BriefFolder, new Uri("http://127.0.0.1/"));
    PipelineServices.CheckPrerequisites(settings);
    Report.Note($"VideoGen.Pipeline bench: {settings}; starting Azurite");
    await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(ct);
    Report.Note($"Azurite ready in {azurite.StartupTime.TotalMilliseconds:0} ms; writing the reference models");
    string modelsManifest = Path.Combine(ReferenceModelSet.WriteAll(modelsDir).BaseDirectory, ReferenceModelSet.ManifestFileName);

    phase = "starting maildev, the function app and the GPU worker";
    await using PipelineServices services = await PipelineServices.StartAsync(settings, azurite, modelsManifest, ct);
    BriefUpload brief = BriefUpload.Load(settings.BriefFolder, services.BaseUri);
    using var api = new FunctionAppClient(services.BaseUri, services.TenantKey);
    await api.WaitHealthyAsync(services.App, TimeSpan.FromMinutes(2), ct);
    services.ThrowIfAnyExited("during start-up");
    Report.Note($"function app healthy after {clock.Elapsed.TotalSeconds:0.0} s");

    phase = "running the brief";
    RunTimeline run = await RunObserver.RunAsync(api, settings, brief, services, ct);
    Report.Note($"run {run.InstanceId} ended {run.RuntimeStatus} after {run.WallSeconds:0.00} s; output: {Json.Compact(run.Output, 2000)}");

    // The children are stopped before the baseline so that it has the cores to itself.
    await services.DisposeAsync();

    RunFigures.TimeToPreview(run);
    if (!string.Equals(run.RuntimeStatus, "Completed", StringComparison.OrdinalIgnoreCase))
    {
        throw new BenchFailure($"The run ended {run.RuntimeStatus}: {Json.Compact(run.Output, 2000)} (last custom status: {Json.Compact(run.LastCustomStatus)})");
    }

    RunFigures.Completed(run);

    phase = "the ffmpeg baseline";
    var shape = RunFigures.BaselineShape(run, brief, settings);
    double baseline = await FfmpegBaseline.MedianSecondsAsync(shape.Frames, shape.Width, shape.Height, shape.Fps, settings.BaselineRepeats, ct);
    Report.Figure("ffmpeg_encode_only_s", baseline, "s", "0.###");
    Report.Explain("ffmpeg_encode_only_s",
        $"median of {settings.BaselineRepeats} bare encodes: ffmpeg {string.Join(' ', FfmpegBaseline.Arguments(shape.Frames, shape.Width, shape.Height, shape.Fps, "out.mp4"))} ({shape.Source})");
    Report.Note($"finished in {clock.Elapsed.TotalSeconds:0.0} s");
    return 0;
}
catch (BenchFailure e)
{
    Report.Note($"FAILED ({phase}): {e.Message}");
    return e.ExitCode;
}
catch (OperationCanceledException) when (timeout.IsCancellationRequested)
{
    Report.Note($"FAILED: the {settings.Timeout.TotalMinutes:0}-minute limit ran out while {phase} (see the last status line above); the children were killed.");
    return 1;
}
catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
{
    Report.Note($"Interrupted ({(interruptCode == 143 ? "SIGTERM" : "Ctrl+C")}) while {phase}; the children were killed.");
    return interruptCode;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException)
{
    // Azurite or the repository layout (InvalidOperationException/TimeoutException), files, or the HTTP connection.
    Report.Note($"FAILED ({phase}): {e.GetType().Name}: {e.Message}");
    return 1;
}
finally
{
    Directory.Delete(modelsDir, recursive: true);
}
