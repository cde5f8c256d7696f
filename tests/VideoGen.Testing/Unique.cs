using System.Security.Cryptography;
using System.Text;

namespace VideoGen.Testing;

/// <summary>Unique names so that tests sharing one Azurite never collide.</summary>
public static class Unique
{
    /// <summary>Longest task hub name accepted by the Azure Storage durable backend.</summary>
    public const int MaxHubNameLength = 45;

    private const int SuffixLength = 12;

    /// <summary>
    /// A fresh, valid durable task hub name: ASCII letters and digits only, starting with a letter, 3 to 45
    /// characters. It is the letters and digits of <paramref name="prefix"/> (truncated to leave room;
    /// <c>h</c> put in front when empty or starting with a digit) followed by 12 random lowercase hex digits.
    /// </summary>
    /// <param name="prefix">Readable part, e.g. the test class name; other characters are dropped.</param>
    public static string HubName(string prefix = "test")
    {
        ArgumentNullException.ThrowIfNull(prefix);

        var head = new StringBuilder(prefix.Length + 1);
        foreach (var c in prefix)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                head.Append(c);
            }
        }

        if (head.Length == 0 || !char.IsAsciiLetter(head[0]))
        {
            head.Insert(0, 'h');
        }

        var maxHead = MaxHubNameLength - SuffixLength;
        if (head.Length > maxHead)
        {
            head.Length = maxHead;
        }

        return head.Append(RandomHex(SuffixLength)).ToString();
    }

    private static string RandomHex(int length)
    {
        Span<byte> bytes = stackalloc byte[(length + 1) / 2];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }
}
