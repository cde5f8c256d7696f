namespace VideoGen.Pipeline.Safety;

/// <summary>Base of the failures of <see cref="ContentSafetyClient"/>.</summary>
public abstract class ContentSafetyException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ContentSafetyException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Content Safety could not answer: network failure, timeout, 5xx or 429 after all retries, or an answer that is
/// not the documented contract. Callers must fail closed (human review), never treat this as a pass.
/// </summary>
public sealed class ContentSafetyUnavailableException : ContentSafetyException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="status">Last HTTP status, or null when no response arrived.</param>
    /// <param name="inner">The transport failure, if any.</param>
    public ContentSafetyUnavailableException(string message, int? status = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
    }

    /// <summary>Last HTTP status received, or null when none arrived.</summary>
    public int? Status { get; }
}

/// <summary>
/// Content Safety refused the request (4xx other than 408/429): bad key, unknown blocklist, invalid input. Not retried;
/// the service's error code and message are kept.
/// </summary>
public sealed class ContentSafetyRequestException : ContentSafetyException
{
    /// <summary>Creates the exception.</summary>
    public ContentSafetyRequestException(int status, string? errorCode, string? serviceMessage)
        : base($"Content Safety refused the request: HTTP {status}, code '{errorCode ?? "(none)"}': {serviceMessage ?? "(no message)"}")
    {
        Status = status;
        ErrorCode = errorCode;
        ServiceMessage = serviceMessage;
    }

    /// <summary>HTTP status.</summary>
    public int Status { get; }

    /// <summary>The service's <c>error.code</c>, when the body carried one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's <c>error.message</c>, when the body carried one.</summary>
    public string? ServiceMessage { get; }
}

/// <summary>Input the service would refuse (image too large or too small, not JPEG/PNG, empty text); nothing was sent.</summary>
public sealed class ContentSafetyInputException : ContentSafetyException
{
    /// <summary>Creates the exception.</summary>
    public ContentSafetyInputException(string message)
        : base(message)
    {
    }
}
