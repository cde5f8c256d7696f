using System.Text.RegularExpressions;

namespace VideoGen.Contracts;

/// <summary>
/// A tenant (one CMS customer). It prefixes every blob path and instance id the tenant owns, so it is
/// restricted to characters that are safe in blob names, table keys and queue messages.
/// </summary>
public readonly partial record struct TenantId
{
    private TenantId(string value) => Value = value;

    /// <summary>The id: 3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public string Value { get; }

    /// <summary>Parses <paramref name="value"/>; throws <see cref="FormatException"/> naming the rule it breaks.</summary>
    public static TenantId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Pattern().IsMatch(value) || value.Contains("--", StringComparison.Ordinal))
        {
            throw new FormatException(
                $"Tenant id '{Truncate(value)}' is invalid: use 3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        return new TenantId(value);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out TenantId tenant)
    {
        tenant = default;
        if (value is null || !Pattern().IsMatch(value) || value.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        tenant = new TenantId(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? "";

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex Pattern();
}
