using System.Globalization;
using System.Net;

namespace VideoGen.Pipeline.Security;

/// <summary>
/// Decides whether an outbound URL may be called. Every integration client checks its target with
/// <see cref="Check"/> before sending anything; rejected URLs throw <see cref="OutboundUrlRejectedException"/>.
/// </summary>
/// <remarks>
/// Rules, in order: the URL must be absolute; the scheme must be <c>https</c> (or <c>http</c> to a loopback host when
/// <see cref="OutboundAllowListOptions.AllowLoopbackHttp"/> is on); no user info (<c>user:pass@</c>); the host must match
/// an entry (IP literals only by an exact IP entry, never by a wildcard); a non-default port must be listed by the
/// matching entry. Loopback hosts in local mode skip the host and port rules.
/// </remarks>
public sealed class OutboundAllowList
{
    private readonly IReadOnlyList<Entry> _entries;
    private readonly bool _allowLoopbackHttp;

    /// <summary>Builds the allow-list from its options.</summary>
    /// <exception cref="ArgumentException">An entry is malformed (the message names it).</exception>
    public OutboundAllowList(OutboundAllowListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _entries = options.AllowedHosts.Select(Entry.Parse).ToList();
        _allowLoopbackHttp = options.AllowLoopbackHttp;
    }

    /// <summary>Returns a description of why <paramref name="entry"/> is malformed, or null when it is valid.</summary>
    public static string? ValidateEntry(string? entry)
    {
        try
        {
            _ = Entry.Parse(entry!);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Throws unless <paramref name="url"/> may be called.</summary>
    /// <exception cref="OutboundUrlRejectedException">The URL breaks a rule; the message names its host and the rule.</exception>
    public void Check(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new OutboundUrlRejectedException(string.Empty, "absolute-url-required", "the URL is relative.");
        }

        var host = url.IdnHost.ToLowerInvariant();
        var loopback = IsLoopback(url);
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            if (url.Scheme != Uri.UriSchemeHttp)
            {
                throw new OutboundUrlRejectedException(host, "scheme", $"scheme '{url.Scheme}' is not allowed; use https.");
            }

            if (!(loopback && _allowLoopbackHttp))
            {
                throw new OutboundUrlRejectedException(host, "https-required",
                    loopback
                        ? "plain http to loopback needs AllowLoopbackHttp (local mode only)."
                        : "plain http is not allowed; use https.");
            }
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new OutboundUrlRejectedException(host, "userinfo", "credentials in the URL (user info) are not allowed.");
        }

        if (loopback && _allowLoopbackHttp)
        {
            return;
        }

        var isIp = url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
        var matches = _entries.Where(e => e.Matches(host, isIp)).ToList();
        if (matches.Count == 0)
        {
            throw isIp
                ? new OutboundUrlRejectedException(host, "ip-literal-not-allowed", "IP addresses must be listed exactly in AllowedHosts.")
                : new OutboundUrlRejectedException(host, "host-not-allowed", "the host is not in AllowedHosts.");
        }

        var portAllowed = url.IsDefaultPort
            ? matches.Any(e => e.Port is null || e.Port == url.Port)
            : matches.Any(e => e.Port == url.Port);
        if (!portAllowed)
        {
            throw new OutboundUrlRejectedException(host, "port-not-allowed",
                $"port {url.Port.ToString(CultureInfo.InvariantCulture)} is not listed for this host in AllowedHosts.");
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback && (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
                           (IPAddress.TryParse(url.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip)));

    private sealed record Entry(string Host, bool Wildcard, bool IsIp, int? Port)
    {
        public static Entry Parse(string entry)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                throw new ArgumentException("an AllowedHosts entry is empty.");
            }

            var text = entry.Trim();
            var wildcard = text.StartsWith("*.", StringComparison.Ordinal);
            var probe = wildcard ? "wildcard" + text[1..] : text;
            if (!Uri.TryCreate("https://" + probe, UriKind.Absolute, out var uri) ||
                uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo) ||
                probe.Contains('/', StringComparison.Ordinal))
            {
                throw new ArgumentException($"AllowedHosts entry '{entry}' is not a host, '*.suffix' or IP, optionally with ':port'.");
            }

            var isIp = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
            if (wildcard && (isIp || IPAddress.TryParse(text[2..].Split(':')[0], out _)))
            {
                throw new ArgumentException($"AllowedHosts entry '{entry}': wildcards cannot apply to IP addresses.");
            }

            var host = uri.IdnHost.ToLowerInvariant();
            if (wildcard)
            {
                host = host["wildcard".Length..]; // keeps the leading dot: ".suffix"
            }

            var explicitPort = probe.EndsWith(":" + uri.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            return new Entry(host, wildcard, isIp, explicitPort ? uri.Port : null);
        }

        public bool Matches(string host, bool hostIsIp)
        {
            if (hostIsIp != IsIp)
            {
                return false;
            }

            return Wildcard
                ? host.EndsWith(Host, StringComparison.Ordinal) && host.Length > Host.Length
                : string.Equals(host, Host, StringComparison.Ordinal);
        }
    }
}
