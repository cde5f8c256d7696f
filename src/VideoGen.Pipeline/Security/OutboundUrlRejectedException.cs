namespace VideoGen.Pipeline.Security;

/// <summary>
/// An outbound URL was refused by the <see cref="OutboundAllowList"/> before any request was made. The message names
/// the URL's host and the rule that refused it; it never carries the full URL, whose path or query may hold a secret
/// (Teams workflow URLs carry a signature in the query).
/// </summary>
public sealed class OutboundUrlRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">Host of the refused URL (empty when the URL had none).</param>
    /// <param name="rule">The rule that refused it, e.g. <c>https-required</c>.</param>
    /// <param name="detail">Human-readable explanation.</param>
    public OutboundUrlRejectedException(string host, string rule, string detail)
        : base($"Outbound request to host '{host}' refused by rule '{rule}': {detail}")
    {
        Host = host;
        Rule = rule;
    }

    /// <summary>Host of the refused URL.</summary>
    public string Host { get; }

    /// <summary>
    /// The rule that refused the URL: <c>absolute-url-required</c>, <c>scheme</c>, <c>https-required</c>,
    /// <c>userinfo</c>, <c>host-not-allowed</c>, <c>ip-literal-not-allowed</c> or <c>port-not-allowed</c>.
    /// </summary>
    public string Rule { get; }
}
