using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Settings of all outbound integrations, one section per component. A component whose section is null is not
/// configured: resolving its client throws, naming the section. Settings are named
/// <c>Integrations:{Section}:{Setting}</c> in validation errors.
/// </summary>
public sealed class VideoGenIntegrationsOptions
{
    /// <summary>Prefix of setting names in validation errors.</summary>
    public const string SectionName = "Integrations";

    /// <summary>Outbound allow-list shared by every client. Default: empty list, loopback http off.</summary>
    public OutboundAllowListOptions OutboundAllowList { get; set; } = new();

    /// <summary>Content Safety client; null when not configured. Default: null.</summary>
    public ContentSafetyOptions? ContentSafety { get; set; }

    /// <summary>Safety gate thresholds (used only with <see cref="ContentSafety"/>). Default: review at 2, block at 4.</summary>
    public SafetyGateOptions SafetyGate { get; set; } = new();

    /// <summary>SMTP approvals; null when not configured. Default: null.</summary>
    public EmailOptions? Email { get; set; }

    /// <summary>Teams workflow cards; null when not configured. Default: null.</summary>
    public TeamsOptions? Teams { get; set; }

    /// <summary>CMS callbacks; null when not configured. Default: null.</summary>
    public CmsCallbackOptions? CmsCallback { get; set; }

    /// <summary>Lifecycle events to Event Grid; null when not configured. Default: null.</summary>
    public LifecycleEventOptions? LifecycleEvents { get; set; }
}
