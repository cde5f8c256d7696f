using System.Diagnostics;
using System.Reflection;

namespace VideoGen.Infra.Tests.Support;

/// <summary>Result of one bicep run.</summary>
/// <param name="ExitCode">Process exit code.</param>
/// <param name="StdOut">Standard output.</param>
/// <param name="StdErr">Standard error (diagnostics).</param>
public sealed record BicepResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs the bicep executable from the Azure.Bicep.CommandLine.linux-x64 NuGet package.</summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Full path of the bicep executable.</summary>
    public static string Path => Executable.Value;

    /// <summary>Runs bicep with the arguments in <paramref name="workingDirectory"/>; fails after two minutes.</summary>
    public static BicepResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        // No telemetry, no update checks: the tests run offline.
        start.Environment["BICEP_TELEMETRY_DISABLED"] = "true";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 2 minutes.");
        }

        return new BicepResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Locate()
    {
        string? path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || path.StartsWith("/tools", StringComparison.Ordinal) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The bicep executable was not found at '{path}'. It comes with the NuGet package Azure.Bicep.CommandLine.linux-x64 " +
                "(tests/VideoGen.Infra.Tests references it with GeneratePathProperty): run `dotnet restore`.");
        }

        // NuGet extracts without guaranteeing the execute bits (the package is linux-x64 only).
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        UnixFileMode exec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | exec);
        }

        return path;
    }
}
