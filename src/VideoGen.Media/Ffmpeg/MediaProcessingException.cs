namespace VideoGen.Media;

/// <summary>ffmpeg could not do what was asked (bad input, unsupported codec, process failure).</summary>
public sealed class MediaProcessingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MediaProcessingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
