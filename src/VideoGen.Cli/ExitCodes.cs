namespace VideoGen.Cli;

/// <summary>The process exit codes of <c>videogen</c>; also listed in <c>videogen --help</c> and README.md.</summary>
public static class ExitCodes
{
    /// <summary>Success; for <c>watch</c>, the run completed.</summary>
    public const int Success = 0;

    /// <summary><c>watch</c> (or <c>submit --watch</c>): the run ended Failed or Terminated.</summary>
    public const int RunFailed = 1;

    /// <summary>Usage or invalid input: bad arguments, a missing file, invalid JSON, a request the server rejected as invalid.</summary>
    public const int InvalidInput = 2;

    /// <summary>The instance does not exist (or belongs to another tenant).</summary>
    public const int NotFound = 3;

    /// <summary>The key is missing or was refused.</summary>
    public const int Unauthorized = 4;

    /// <summary>A server error, an unreadable response, or the endpoint could not be reached.</summary>
    public const int ServerError = 5;

    /// <summary><c>watch --timeout</c> elapsed before the run ended.</summary>
    public const int WatchTimeout = 6;

    /// <summary>
    /// <c>verify</c>: the provenance check failed — bad or missing signature, a media or thumbnail hash that does not
    /// match, a manifest that differs from the embedded one or cannot be read. Tampering, not a usage error.
    /// </summary>
    public const int NotVerified = 7;

    /// <summary>An unexpected failure inside the CLI (a bug); the details are printed.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code table as shown in <c>--help</c>.</summary>
    internal const string HelpText =
        """
        Exit codes:
           0  success (watch: the run Completed)
           1  the run ended Failed or Terminated (watch, submit --watch)
           2  usage or invalid input (bad arguments, missing file, invalid JSON, request rejected as invalid)
           3  instance not found
           4  unauthorized (missing or wrong --key / VIDEOGEN_KEY)
           5  server or network error (e.g. the function app is not running at --endpoint)
           6  watch timed out before the run ended
           7  verify: NOT VERIFIED (bad signature, changed media or thumbnail, unreadable or mismatched manifest)
          70  internal error (a bug in videogen; details are printed)
        """;
}
