using System.Collections.Concurrent;
using System.Diagnostics;

namespace VideoGen.Pipeline.Bench;

/// <summary>
/// A child process (a .NET app as <c>dotnet app.dll</c>, or maildev under node) with its settings in environment
/// variables; keeps the tail of its output
/// for failure messages, and is killed (process tree) on dispose and when the bench process exits (normal exit,
/// Ctrl+C, SIGTERM — not SIGKILL, which no process can handle).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 60;

    private static readonly ConcurrentDictionary<int, Process> Live = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly bool _echo;
    private int _disposed;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    private ChildProcess(string name, Process process, bool echo)
    {
        Name = name;
        _process = process;
        _echo = echo;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the child wrote (stdout and stderr).</summary>
    public string Tail => _tail.IsEmpty ? "(no output)" : string.Join(Environment.NewLine, _tail);

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> in the dll's folder with <paramref name="environment"/> added.</summary>
    /// <exception cref="BenchFailure">The dll is missing (not built) or cannot be started.</exception>
    public static ChildProcess StartDotnet(string name, string dll, IReadOnlyDictionary<string, string> environment, bool echo, string buildHint)
    {
        if (!File.Exists(dll))
        {
            throw new BenchFailure($"The {name} is not built: {dll} does not exist. Build it first: {buildHint}", 2);
        }

        return Start(name, DotnetHost(), [dll], environment, Path.GetDirectoryName(dll)!, echo);
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (an argument list, never a command line).</summary>
    /// <exception cref="BenchFailure">It cannot be started.</exception>
    public static ChildProcess Start(
        string name, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, bool echo)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process, echo);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new BenchFailure($"Cannot start the {name} ({fileName}): {e.Message}", 2);
        }

        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Throws when the child has exited: a child that dies mid-run is the failure to report.</summary>
    public void ThrowIfExited(string during)
    {
        if (_process.HasExited)
        {
            throw new BenchFailure($"The {Name} exited with code {_process.ExitCode} {during}. Its last output:{Environment.NewLine}{Tail}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or did not die within 10 s of SIGKILL.
        }
        finally
        {
            Live.TryRemove(_process.Id, out _);
            _process.Dispose();
        }
    }

    /// <summary>The dotnet host: this process when it is <c>dotnet</c>, else DOTNET_HOST_PATH, else <c>dotnet</c> on PATH.</summary>
    private static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private static void KillAll()
    {
        foreach (Process process in Live.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }

        if (_echo)
        {
            Report.Note($"[{Name}] {line}");
        }
    }
}
