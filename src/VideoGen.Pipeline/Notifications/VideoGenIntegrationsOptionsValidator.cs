using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using VideoGen.Pipeline.Safety;
using VideoGen.Pipeline.Security;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Validates <see cref="VideoGenIntegrationsOptions"/> at start-up; each error names its setting
/// (<c>Integrations:CmsCallback:SigningSecret ...</c>) and never quotes a secret's value.
/// </summary>
public sealed class VideoGenIntegrationsOptionsValidator : IValidateOptions<VideoGenIntegrationsOptions>
{
    private const string P = VideoGenIntegrationsOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, VideoGenIntegrationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OutboundAllowList? allowList = null;
        var entries = options.OutboundAllowList.AllowedHosts;
        for (var i = 0; i < entries.Count; i++)
        {
            if (OutboundAllowList.ValidateEntry(entries[i]) is { } problem)
            {
                errors.Add($"{P}OutboundAllowList:AllowedHosts:{i}: {problem}");
            }
        }

        if (errors.Count == 0)
        {
            allowList = new OutboundAllowList(options.OutboundAllowList);
        }

        if (options.ContentSafety is { } cs)
        {
            CheckEndpoint(errors, allowList, cs.Endpoint, "ContentSafety:Endpoint");
            if (string.IsNullOrEmpty(cs.ApiKey) == (cs.Credential is null))
            {
                errors.Add($"{P}ContentSafety:ApiKey / Credential: set exactly one of them.");
            }

            Require(errors, !string.IsNullOrWhiteSpace(cs.ApiVersion), "ContentSafety:ApiVersion is required.");
            Require(errors, cs.MaxRetries is >= 0 and <= 10, "ContentSafety:MaxRetries must be 0 to 10.");
            Require(errors, cs.RetryDelay > TimeSpan.Zero && cs.MaxRetryDelay >= cs.RetryDelay, "ContentSafety:RetryDelay must be positive and not above MaxRetryDelay.");
            Require(errors, cs.NetworkTimeout > TimeSpan.Zero, "ContentSafety:NetworkTimeout must be positive.");
            Require(errors, cs.MaxResponseBytes is >= 1024 and <= 16 * 1024 * 1024, "ContentSafety:MaxResponseBytes must be 1 KiB to 16 MiB.");
            foreach (var category in cs.Categories.Where(c => !HarmCategories.All.Contains(c)))
            {
                errors.Add($"{P}ContentSafety:Categories: unknown category '{category}' (use Hate, SelfHarm, Sexual, Violence).");
            }

            CheckThreshold(errors, options.SafetyGate.Default, "SafetyGate:Default");
            foreach (var (category, threshold) in options.SafetyGate.Categories)
            {
                Require(errors, HarmCategories.All.Contains(category), $"SafetyGate:Categories:{category}: unknown category.");
                CheckThreshold(errors, threshold, $"SafetyGate:Categories:{category}");
            }
        }

        if (options.Email is { } email)
        {
            Require(errors, !string.IsNullOrWhiteSpace(email.Host), "Email:Host is required.");
            Require(errors, email.Port is >= 1 and <= 65535, "Email:Port must be 1 to 65535.");
            Require(errors, email.FromAddress is not null && MailboxAddress.TryParse(email.FromAddress, out _), "Email:FromAddress must be a valid email address.");
            Require(errors, email.Password is null || email.UserName is not null, "Email:Password is set but Email:UserName is not.");
            Require(errors, email.Timeout > TimeSpan.Zero, "Email:Timeout must be positive.");
            Require(errors, email.Security is SmtpSecurity.StartTls or SmtpSecurity.SslOnConnect || IsLoopbackHost(email.Host),
                "Email:Security None or StartTlsWhenAvailable is only allowed for a loopback host (local mode).");
        }

        if (options.Teams is { } teams)
        {
            CheckRetry(errors, teams.Retry, "Teams:Retry");
            Require(errors, teams.MaxMessageBytes > 0, "Teams:MaxMessageBytes must be positive.");
        }

        if (options.CmsCallback is { } cms)
        {
            Require(errors, cms.SigningSecret is { Length: >= 32 }, "CmsCallback:SigningSecret is required and must be at least 32 characters.");
            CheckRetry(errors, cms.Retry, "CmsCallback:Retry");
        }

        if (options.LifecycleEvents is { } events)
        {
            CheckEndpoint(errors, allowList, events.Endpoint, "LifecycleEvents:Endpoint");
            Require(errors, !string.IsNullOrEmpty(events.AccessKey), "LifecycleEvents:AccessKey is required.");
            Require(errors, events.MaxRetries is >= 0 and <= 10, "LifecycleEvents:MaxRetries must be 0 to 10.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(P + message);
        }
    }

    private static void CheckEndpoint(List<string> errors, OutboundAllowList? allowList, Uri? endpoint, string setting)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri)
        {
            errors.Add($"{P}{setting} is required and must be an absolute URL.");
            return;
        }

        try
        {
            allowList?.Check(endpoint);
        }
        catch (OutboundUrlRejectedException ex)
        {
            errors.Add($"{P}{setting}: {ex.Message} (see {P}OutboundAllowList).");
        }
    }

    private static void CheckThreshold(List<string> errors, SafetyThreshold t, string setting) =>
        Require(errors, t.Review is >= 0 and <= 7 && t.Block is >= 0 and <= 7 && t.Review <= t.Block,
            $"{setting}: Review and Block must be 0 to 7 with Review <= Block.");

    private static void CheckRetry(List<string> errors, HttpRetryOptions r, string setting)
    {
        Require(errors, r.MaxAttempts is >= 1 and <= 20, $"{setting}:MaxAttempts must be 1 to 20.");
        Require(errors, r.InitialDelay >= TimeSpan.Zero && r.MaxDelay >= r.InitialDelay, $"{setting}:InitialDelay must be >= 0 and not above MaxDelay.");
        Require(errors, r.AttemptTimeout > TimeSpan.Zero, $"{setting}:AttemptTimeout must be positive.");
        Require(errors, r.TotalTimeout >= TimeSpan.Zero, $"{setting}:TotalTimeout must not be negative.");
    }

    private static bool IsLoopbackHost(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
