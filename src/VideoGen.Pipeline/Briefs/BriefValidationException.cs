namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// A brief or its product photo is invalid. Carries every error found (not just the first), each with its JSON
/// pointer, so the rejection record can name them all.
/// </summary>
public sealed class BriefValidationException : Exception
{
    /// <summary>The error code a run fails with and a rejection record carries.</summary>
    public const string Code = "brief.invalid";

    private const int ErrorsInMessage = 10;

    /// <summary>Creates the exception from at least one error.</summary>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public BriefValidationException(IReadOnlyList<BriefValidationError> errors)
        : base(Summarize(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found, in document order where that is known.</summary>
    public IReadOnlyList<BriefValidationError> Errors { get; }

    /// <summary>Shortcut for a single error.</summary>
    internal static BriefValidationException Single(string pointer, string rule, string message, string? limit = null)
        => new([new BriefValidationError(pointer, rule, message, limit)]);

    private static string Summarize(IReadOnlyList<BriefValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A validation exception needs at least one error.", nameof(errors));
        }

        string head = errors.Count == 1 ? "Brief is invalid: " : $"Brief is invalid ({errors.Count} errors): ";
        string list = string.Join("; ", errors.Take(ErrorsInMessage));
        return head + list + (errors.Count > ErrorsInMessage ? $"; … and {errors.Count - ErrorsInMessage} more" : "");
    }
}
