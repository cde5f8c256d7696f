using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;

namespace VideoGen.Pipeline.Approvals;

/// <summary>
/// Issues and validates approval tokens: <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>, where
/// payload is a version byte (1) followed by compact UTF-8 JSON
/// <c>{"k":keyId,"t":tenant,"i":instanceId,"a":approver,"r":round,"e":expiresUnixSeconds,"n":nonce}</c>.
/// </summary>
/// <remarks>
/// Validation proves the token is ours, unaltered and unexpired; single use is enforced by
/// <see cref="ApprovalRedemptions"/>, the current round by <see cref="ApprovalFlow"/>. MACs are compared in constant
/// time. Thread-safe.
/// </remarks>
public sealed class ApprovalTokenService
{
    /// <summary>Payload format version.</summary>
    public const byte Version = 1;

    private const int MaxFieldLength = 256;
    private readonly IReadOnlyDictionary<string, byte[]> _keys;
    private readonly string _currentKeyId;
    private readonly TimeSpan _lifetime;
    private readonly int _maxLength;

    /// <summary>Creates the service; the options are validated here.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (see <see cref="ApprovalTokenOptions.ValidateAndDecodeKeys"/>).</exception>
    public ApprovalTokenService(IOptions<ApprovalTokenOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ApprovalTokenOptions o = options.Value;
        _keys = o.ValidateAndDecodeKeys();
        _currentKeyId = o.CurrentKeyId;
        _lifetime = o.Lifetime;
        _maxLength = o.MaxTokenLength;
    }

    /// <summary>A new grant with a random nonce, expiring one <see cref="ApprovalTokenOptions.Lifetime"/> after <paramref name="now"/> (to the second).</summary>
    public ApprovalGrant CreateGrant(TenantId tenant, string instanceId, string approver, string round, DateTimeOffset now)
    {
        DateTimeOffset expires = DateTimeOffset.FromUnixTimeSeconds((now + _lifetime).ToUnixTimeSeconds());
        var grant = new ApprovalGrant(tenant, instanceId, approver, round, expires, NewNonce());
        CheckGrant(grant);
        return grant;
    }

    /// <summary>A random 128-bit nonce, base64url.</summary>
    public static string NewNonce() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Signs <paramref name="grant"/> with the current key.</summary>
    /// <exception cref="ArgumentException">A field is empty, too long, or the token would exceed the size limit.</exception>
    public string Issue(ApprovalGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        CheckGrant(grant);
        using var buffer = new MemoryStream();
        buffer.WriteByte(Version);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("k", _currentKeyId);
            json.WriteString("t", grant.Tenant.Value);
            json.WriteString("i", grant.InstanceId);
            json.WriteString("a", grant.Approver);
            json.WriteString("r", grant.Round);
            json.WriteNumber("e", grant.ExpiresAt.ToUnixTimeSeconds());
            json.WriteString("n", grant.Nonce);
            json.WriteEndObject();
        }

        byte[] payload = buffer.ToArray();
        byte[] mac = HMACSHA256.HashData(_keys[_currentKeyId], payload);
        string token = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
        return token.Length <= _maxLength
            ? token
            : throw new ArgumentException($"The approval token would be {token.Length} characters, over the limit of {_maxLength}.", nameof(grant));
    }

    /// <summary>Checks shape, key, MAC and expiry and returns the grant.</summary>
    /// <exception cref="ApprovalTokenException">
    /// <see cref="ApprovalTokenFailure.Malformed"/>, <see cref="ApprovalTokenFailure.UnknownKey"/>,
    /// <see cref="ApprovalTokenFailure.BadSignature"/> or <see cref="ApprovalTokenFailure.Expired"/>.
    /// </exception>
    public ApprovalGrant Validate(string token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > _maxLength)
        {
            throw Fail(ApprovalTokenFailure.Malformed, token is null or "" ? "The approval token is empty." : $"The approval token is longer than {_maxLength} characters.");
        }

        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || dot == token.Length - 1)
        {
            throw Fail(ApprovalTokenFailure.Malformed, "The approval token is not of the form payload.mac.");
        }

        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException e)
        {
            throw Fail(ApprovalTokenFailure.Malformed, "The approval token is not valid base64url.", e);
        }

        if (payload.Length < 2 || payload[0] != Version)
        {
            throw Fail(ApprovalTokenFailure.Malformed, $"The approval token has an unknown format version ({(payload.Length == 0 ? "none" : payload[0])}).");
        }

        TokenFields fields = ReadFields(payload.AsSpan(1));
        if (!_keys.TryGetValue(fields.KeyId ?? "", out byte[]? key))
        {
            throw Fail(ApprovalTokenFailure.UnknownKey, $"The approval token is signed with key '{Printable(fields.KeyId)}', which is not configured.");
        }

        byte[] expected = HMACSHA256.HashData(key, payload);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            throw Fail(ApprovalTokenFailure.BadSignature, "The approval token's signature does not match: it was altered or forged.");
        }

        if (fields.Tenant is null || fields.Instance is null || fields.Approver is null || fields.Round is null
            || fields.Nonce is null || fields.Expires is null || !TenantId.TryParse(fields.Tenant, out TenantId tenant))
        {
            throw Fail(ApprovalTokenFailure.Malformed, "The approval token lacks a field or carries an invalid tenant.");
        }

        DateTimeOffset expires = DateTimeOffset.FromUnixTimeSeconds(fields.Expires.Value);
        if (now >= expires)
        {
            throw Fail(ApprovalTokenFailure.Expired, $"The approval token expired at {expires:u}.");
        }

        return new ApprovalGrant(tenant, fields.Instance, fields.Approver, fields.Round, expires, fields.Nonce);
    }

    private static TokenFields ReadFields(ReadOnlySpan<byte> json)
    {
        var fields = new TokenFields();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "k": fields.KeyId = reader.GetString(); break;
                    case "t": fields.Tenant = reader.GetString(); break;
                    case "i": fields.Instance = reader.GetString(); break;
                    case "a": fields.Approver = reader.GetString(); break;
                    case "r": fields.Round = reader.GetString(); break;
                    case "n": fields.Nonce = reader.GetString(); break;
                    case "e": fields.Expires = reader.GetInt64(); break;
                    default: reader.Skip(); break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new JsonException("trailing data");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Fail(ApprovalTokenFailure.Malformed, "The approval token's payload is not the expected JSON.", e);
        }

        return fields;
    }

    private static void CheckGrant(ApprovalGrant grant)
    {
        if (grant.Tenant.Value is null)
        {
            throw new ArgumentException("The grant has no tenant.", nameof(grant));
        }

        Check(grant.InstanceId, nameof(grant.InstanceId));
        Check(grant.Approver, nameof(grant.Approver));
        Check(grant.Round, nameof(grant.Round));
        Check(grant.Nonce, nameof(grant.Nonce));
        if (!grant.Nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || grant.Nonce.Length is < 16 or > 64)
        {
            throw new ArgumentException("The grant's nonce must be 16–64 base64url characters.", nameof(grant));
        }

        static void Check(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxFieldLength || value.Any(char.IsControl))
            {
                throw new ArgumentException($"The grant's {name} must be 1–{MaxFieldLength} characters without control characters.", nameof(grant));
            }
        }
    }

    private static string Printable(string? value) =>
        value is null ? "(none)" : new string(value.Take(32).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static ApprovalTokenException Fail(ApprovalTokenFailure reason, string message, Exception? inner = null) =>
        new(reason, message, innerException: inner);

    private sealed class TokenFields
    {
        public string? KeyId { get; set; }

        public string? Tenant { get; set; }

        public string? Instance { get; set; }

        public string? Approver { get; set; }

        public string? Round { get; set; }

        public string? Nonce { get; set; }

        public long? Expires { get; set; }
    }
}
