namespace VideoGen.Pipeline.Briefs;

/// <summary>The CMS webhook notified when the clip is published.</summary>
/// <param name="Url">An absolute <c>https</c> URL, or <c>http</c> to a loopback host (local development).</param>
/// <param name="SecretName">Name of the signing secret in the key vault, if the webhook is signed.</param>
public sealed record CmsCallback(Uri Url, string? SecretName = null);
