namespace VideoGen.Cli;

/// <summary>
/// An expected failure: its message is one sentence for the user and <see cref="ExitCode"/> is the process exit code.
/// <see cref="CliApp"/> maps these to stderr and an exit code in one place; nothing else catches them.
/// </summary>
public class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliException(int exitCode, string message, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }
}

/// <summary>Bad arguments or input files (exit 2).</summary>
public sealed class InvalidInputException(string message, Exception? inner = null)
    : CliException(ExitCodes.InvalidInput, message, inner);

/// <summary>The instance is unknown to this tenant (exit 3).</summary>
public sealed class NotFoundException(string message) : CliException(ExitCodes.NotFound, message);

/// <summary>The key is missing or refused (exit 4).</summary>
public sealed class UnauthorizedException(string message) : CliException(ExitCodes.Unauthorized, message);

/// <summary>The server failed, answered something unreadable, or could not be reached (exit 5).</summary>
public sealed class ServerException(string message, Exception? inner = null)
    : CliException(ExitCodes.ServerError, message, inner);

/// <summary><c>watch --timeout</c> elapsed (exit 6).</summary>
public sealed class WatchTimeoutException(string message) : CliException(ExitCodes.WatchTimeout, message);
