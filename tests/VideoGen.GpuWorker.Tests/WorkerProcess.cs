using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using VideoGen.Inference;

namespace VideoGen.GpuWorker.Tests;

/// <summary>
/// The real worker executable (<c>dotnet VideoGen.GpuWorker.dll</c>, copied beside the tests by the project reference)
/// configured through environment variables against a test's queues, container and the reference models.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the worker wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public static WorkerProcess Start(TestScope scope, TimeSpan visibilityTimeout, int checkpointFrames) =>
        Start(scope.ConnectionString, scope.QueuePrefix, visibilityTimeout, checkpointFrames);

    /// <param name="connectionString">The storage connection string; null: none (identity-based settings in <paramref name="settings"/>).</param>
    /// <param name="settings">More environment variables (e.g. <c>GpuWorker__StorageWaitMax</c>), applied last.</param>
    public static WorkerProcess Start(string? connectionString, string queuePrefix, TimeSpan visibilityTimeout, int checkpointFrames,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "VideoGen.GpuWorker.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        var env = start.Environment;
        env["DOTNET_ENVIRONMENT"] = "Production";
        if (connectionString is null)
        {
            env.Remove("GpuWorker__StorageConnectionString");
        }
        else
        {
            env["GpuWorker__StorageConnectionString"] = connectionString;
        }
        env["GpuWorker__QueueNamePrefix"] = queuePrefix;
        env["GpuWorker__MaxBatchJobs"] = "1";
        env["GpuWorker__CheckpointFrames"] = checkpointFrames.ToString(CultureInfo.InvariantCulture);
        env["GpuWorker__VisibilityTimeout"] = visibilityTimeout.ToString("c", CultureInfo.InvariantCulture);
        env["GpuWorker__RetryDelay"] = "00:00:00";
        env["GpuWorker__IdlePollMin"] = "00:00:00.050";
        env["GpuWorker__IdlePollMax"] = "00:00:00.200";
        env["Inference__ManifestPath"] = WorkerHarness.ModelsManifest;
        env["Inference__ExecutionProvider"] = nameof(ExecutionProviderPreference.Cpu);
        env["Inference__IntraOpThreads"] = "1";
        env["Logging__LogLevel__Default"] = "Information";
        env["Logging__LogLevel__Azure"] = "Warning";
        env["Logging__Console__FormatterName"] = "simple";
        env["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown code runs, the message stays invisible until its visibility timeout.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM through <c>kill -TERM pid</c>, as a container runtime stops the worker.</summary>
    /// <summary>Waits for the worker to exit on its own; <paramref name="timeout"/> is a hang guard.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the worker did not exit within {timeout}: {Output}");
        }
    }

    public async Task TerminateAsync(TimeSpan timeout)
    {
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false };
        kill.ArgumentList.Add("-TERM");
        kill.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        using (var signal = Process.Start(kill)!)
        {
            await signal.WaitForExitAsync();
            Assert.Equal(0, signal.ExitCode);
        }
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
