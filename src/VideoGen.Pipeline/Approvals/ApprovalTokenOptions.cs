using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace VideoGen.Pipeline.Approvals;

/// <summary>One HMAC key for approval tokens.</summary>
public sealed class ApprovalSigningKey
{
    /// <summary>Key id written into every token it signs: 1–32 letters, digits, '.', '_' or '-'.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// The HMAC-SHA256 key, base64, at least 32 bytes once decoded. In Azure this setting is a Key Vault reference;
    /// it is never logged.
    /// </summary>
    public string Secret { get; set; } = "";
}

/// <summary>Settings of <see cref="ApprovalTokenService"/> (section <c>Approvals:Tokens</c>).</summary>
public sealed partial class ApprovalTokenOptions
{
    /// <summary>Smallest accepted key, in bytes.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Id of the key that signs new tokens; it must be one of <see cref="Keys"/>.</summary>
    public string CurrentKeyId { get; set; } = "";

    /// <summary>
    /// Every key whose tokens are accepted. To rotate: add the new key, make it current, and remove the old one once
    /// its tokens have expired (<see cref="Lifetime"/> later).
    /// </summary>
    public IList<ApprovalSigningKey> Keys { get; } = new List<ApprovalSigningKey>();

    /// <summary>How long a new link stays valid. Default 72 hours.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Longest token accepted, in characters. Default 2048; anything longer is malformed without parsing.</summary>
    public int MaxTokenLength { get; set; } = 2048;

    /// <summary>Checks every setting and returns the decoded keys by id.</summary>
    /// <exception cref="OptionsValidationException">Lists every problem (key ids only, never key material).</exception>
    public IReadOnlyDictionary<string, byte[]> ValidateAndDecodeKeys()
    {
        var problems = new List<string>();
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (ApprovalSigningKey key in Keys)
        {
            if (!KeyIdPattern().IsMatch(key.Id ?? ""))
            {
                problems.Add($"approval key id '{key.Id}' is invalid: use 1–32 letters, digits, '.', '_' or '-'");
                continue;
            }

            byte[]? secret = null;
            try
            {
                secret = Convert.FromBase64String(key.Secret ?? "");
            }
            catch (FormatException)
            {
                problems.Add($"approval key '{key.Id}' is not valid base64");
            }

            if (secret is not null && secret.Length < MinKeyBytes)
            {
                problems.Add($"approval key '{key.Id}' has {secret.Length} bytes; at least {MinKeyBytes} are required");
            }
            else if (secret is not null && !keys.TryAdd(key.Id!, secret))
            {
                problems.Add($"approval key id '{key.Id}' is configured twice");
            }
        }

        if (Keys.Count == 0)
        {
            problems.Add("no approval keys are configured");
        }
        else if (!keys.ContainsKey(CurrentKeyId ?? "") && problems.Count == 0)
        {
            problems.Add($"current approval key id '{CurrentKeyId}' is not one of the configured keys");
        }

        if (Lifetime <= TimeSpan.Zero)
        {
            problems.Add($"approval token lifetime {Lifetime} must be positive");
        }

        if (MaxTokenLength is < 128 or > 16384)
        {
            problems.Add($"approval MaxTokenLength {MaxTokenLength} must be between 128 and 16384");
        }

        return problems.Count == 0
            ? keys
            : throw new OptionsValidationException(nameof(ApprovalTokenOptions), typeof(ApprovalTokenOptions), problems);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,32}$")]
    internal static partial Regex KeyIdPattern();
}
