using Microsoft.Extensions.Logging;

namespace VideoGen.Inference;

/// <summary>Source-generated log messages of the inference component.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "ONNX Runtime {OrtVersion} ({Flavor} package): execution provider {Provider}; {Reason}")]
    public static partial void ExecutionProviderSelected(this ILogger logger, string ortVersion, string flavor, ExecutionProviderKind provider, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Loaded model {Model} from {Path} (sha256 {Sha256}) on {Provider} in {ElapsedMs} ms")]
    public static partial void ModelLoaded(this ILogger logger, ModelKey model, string path, string sha256, ExecutionProviderKind provider, long elapsedMs);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error,
        Message = "Refused model {Model} from {Path}: sha256 {ActualSha256} does not match the manifest's {ExpectedSha256}")]
    public static partial void ModelRefused(this ILogger logger, ModelKey model, string path, string expectedSha256, string actualSha256);
}
