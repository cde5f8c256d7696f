namespace VideoGen.Cli;

/// <summary>
/// Everything the CLI takes from its process: output writers, environment variables, whether stdout is a
/// terminal, and (for tests) the HTTP handler. <see cref="FromProcess"/> is the real one.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>Creates an environment over the given writers and environment-variable lookup.</summary>
    public CliEnvironment(TextWriter output, TextWriter error, Func<string, string?> getEnvironmentVariable)
    {
        Output = output ?? throw new ArgumentNullException(nameof(output));
        Error = error ?? throw new ArgumentNullException(nameof(error));
        GetEnvironmentVariable = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
    }

    /// <summary>Standard output: results.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: errors and hints.</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable; null when unset.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; }

    /// <summary>True when <see cref="Output"/> is an interactive terminal (live progress bars); false gives plain lines.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>True for the real process: Ctrl+C cancels the running command (exit 130). Tests leave it false.</summary>
    public bool HandlesInterrupts { get; init; }

    /// <summary>The HTTP handler to use instead of a new <see cref="SocketsHttpHandler"/> (tests). Not disposed by the CLI.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>The process's console, environment and terminal detection.</summary>
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable)
        {
            OutputIsTerminal = !Console.IsOutputRedirected,
            HandlesInterrupts = true,
        };
}
