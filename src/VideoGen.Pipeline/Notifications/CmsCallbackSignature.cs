using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// The signature scheme of CMS callbacks, for senders and receivers.
/// </summary>
/// <remarks>
/// <para>Each request carries <c>X-VideoGen-Timestamp: &lt;Unix seconds&gt;</c> and
/// <c>X-VideoGen-Signature: sha256=&lt;hex&gt;</c>, where <c>hex</c> is the lowercase hexadecimal HMAC-SHA256, keyed
/// with the UTF-8 bytes of the shared secret, of the bytes <c>"{timestamp}." + body</c>: the timestamp's ASCII digits,
/// one full stop, then the exact request body bytes as sent (no re-serialization).</para>
/// <para>Receivers recompute the HMAC over the raw body, compare in fixed time, and reject timestamps more than a few
/// minutes from their clock (a replayed request fails the window; a retried one is re-signed with a fresh timestamp
/// and carries the same <c>Idempotency-Key</c>).</para>
/// </remarks>
public static class CmsCallbackSignature
{
    /// <summary>Header carrying the signature.</summary>
    public const string SignatureHeader = "X-VideoGen-Signature";

    /// <summary>Header carrying the signed timestamp.</summary>
    public const string TimestampHeader = "X-VideoGen-Timestamp";

    /// <summary>Prefix of the signature value.</summary>
    public const string Prefix = "sha256=";

    /// <summary>The <see cref="SignatureHeader"/> value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var head = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[head.Length + body.Length];
        head.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(head.Length));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// True when <paramref name="signatureHeader"/> is the signature of <paramref name="body"/> at
    /// <paramref name="timestampHeader"/> and that timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (signatureHeader is null ||
            !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) ||
            (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
