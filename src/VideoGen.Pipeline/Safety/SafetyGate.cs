using System.Globalization;
using Microsoft.Extensions.Logging;

namespace VideoGen.Pipeline.Safety;

/// <summary>
/// Turns Content Safety analyses into a <see cref="SafetyDecision"/> with thresholds from <see cref="SafetyGateOptions"/>,
/// and fails closed: when the service is unavailable the assessment is <see cref="SafetyDecision.Review"/> with reason
/// <see cref="SafetyAssessment.UnavailableReason"/>, never <see cref="SafetyDecision.Pass"/>.
/// </summary>
/// <remarks>
/// Contract errors (<see cref="ContentSafetyRequestException"/>: bad key, unknown blocklist) and refused input
/// (<see cref="ContentSafetyInputException"/>) are not outages; they propagate so the misconfiguration is seen.
/// </remarks>
public sealed partial class SafetyGate
{
    private readonly ContentSafetyClient _client;
    private readonly SafetyGateOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the gate.</summary>
    public SafetyGate(ContentSafetyClient client, SafetyGateOptions options, ILogger<SafetyGate> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Assesses a prompt or caption text.</summary>
    public async Task<SafetyAssessment> AssessTextAsync(string text, CancellationToken cancellationToken = default)
    {
        TextAnalysisResult result;
        try
        {
            result = await _client.AnalyzeTextAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch (ContentSafetyUnavailableException ex)
        {
            Log.FailedClosed(_logger, "text", ex.Message);
            return Build(new Dictionary<string, int>(), [], unavailable: true);
        }

        var max = result.Categories.ToDictionary(c => c.Category, c => c.Severity, StringComparer.Ordinal);
        return Build(max, result.BlocklistMatches, unavailable: false);
    }

    /// <summary>
    /// Assesses sampled video frames (JPEG or PNG each): the per-category maximum over all frames decides. If the
    /// service fails on a frame, the remaining frames are not sent and the decision is at least Review.
    /// </summary>
    /// <exception cref="ArgumentException">No frames were given (nothing assessed is never a pass).</exception>
    public async Task<SafetyAssessment> AssessFramesAsync(IReadOnlyList<byte[]> jpegOrPngFrames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jpegOrPngFrames);
        if (jpegOrPngFrames.Count == 0)
        {
            throw new ArgumentException("At least one frame is required for a frame safety assessment.", nameof(jpegOrPngFrames));
        }

        foreach (var frame in jpegOrPngFrames)
        {
            ImageLimits.Check(frame); // refuse bad input before spending any request
        }

        var max = new Dictionary<string, int>(StringComparer.Ordinal);
        var unavailable = false;
        for (var i = 0; i < jpegOrPngFrames.Count; i++)
        {
            try
            {
                var result = await _client.AnalyzeImageAsync(jpegOrPngFrames[i], cancellationToken).ConfigureAwait(false);
                foreach (var c in result.Categories)
                {
                    max[c.Category] = Math.Max(max.GetValueOrDefault(c.Category), c.Severity);
                }
            }
            catch (ContentSafetyUnavailableException ex)
            {
                Log.FailedClosed(_logger, "frame " + i.ToString(CultureInfo.InvariantCulture), ex.Message);
                unavailable = true;
                break;
            }
        }

        return Build(max, [], unavailable);
    }

    private SafetyAssessment Build(Dictionary<string, int> max, IReadOnlyList<BlocklistMatch> matches, bool unavailable)
    {
        var decision = SafetyDecision.Pass;
        var reasons = new List<string>();
        foreach (var (category, severity) in max.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var t = _options.For(category);
            if (severity >= t.Block)
            {
                decision = SafetyDecision.Block;
                reasons.Add(FormattableString.Invariant($"{category}:{severity}>=block:{t.Block}"));
            }
            else if (severity >= t.Review)
            {
                decision = Max(decision, SafetyDecision.Review);
                reasons.Add(FormattableString.Invariant($"{category}:{severity}>=review:{t.Review}"));
            }
        }

        foreach (var m in matches)
        {
            decision = SafetyDecision.Block;
            reasons.Add($"blocklist:{m.BlocklistName}:{m.BlocklistItemId}");
        }

        if (unavailable)
        {
            decision = Max(decision, SafetyDecision.Review);
            reasons.Add(SafetyAssessment.UnavailableReason);
        }

        var assessment = new SafetyAssessment(decision, max, reasons, matches);
        Log.Assessed(_logger, decision, assessment.Summary);
        return assessment;
    }

    private static SafetyDecision Max(SafetyDecision a, SafetyDecision b) => a >= b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Safety assessment: {Decision} — {Summary}")]
        public static partial void Assessed(ILogger logger, SafetyDecision decision, string summary);

        [LoggerMessage(21, LogLevel.Warning, "Content Safety unavailable for {Subject}; failing closed to human review: {Reason}")]
        public static partial void FailedClosed(ILogger logger, string subject, string reason);
    }
}
