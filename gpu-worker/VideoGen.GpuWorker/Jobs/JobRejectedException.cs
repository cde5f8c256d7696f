namespace VideoGen.GpuWorker.Jobs;

/// <summary>
/// A job that can never succeed as sent (malformed message, unknown model, model hash mismatch, missing or
/// wrong-sized input): it goes to the poison queue with <see cref="Exception.Message"/> as the reason. Not retried.
/// </summary>
public sealed class JobRejectedException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public JobRejectedException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public JobRejectedException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
