namespace VideoGen.Pipeline.Security;

/// <summary>Which hosts the pipeline may call (Content Safety, Teams, CMS callbacks, Event Grid).</summary>
public sealed class OutboundAllowListOptions
{
    /// <summary>
    /// Allowed hosts. Each entry is an exact host name (<c>cms.contoso.com</c>), a suffix wildcard
    /// (<c>*.cognitiveservices.azure.com</c>, which matches any subdomain but not the bare suffix), or an IP literal
    /// (<c>10.0.0.5</c>, <c>[fd00::5]</c>). An entry may end in <c>:port</c>; URLs on a non-default port are refused
    /// unless an entry matching the host lists that port. Matching is case-insensitive. Default: empty (nothing allowed).
    /// </summary>
    public IList<string> AllowedHosts { get; } = new List<string>();

    /// <summary>
    /// Local mode only: allow plain <c>http</c> and any port on loopback hosts (<c>127.0.0.1</c>, <c>::1</c>,
    /// <c>localhost</c>) without listing them. Default: <c>false</c>; never enable it in Azure.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }
}
