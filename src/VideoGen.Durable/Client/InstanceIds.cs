namespace VideoGen.Durable;

/// <summary>Instance ids become table partition keys and blob name prefixes, so some characters are refused.</summary>
internal static class InstanceIds
{
    public const int MaxLength = 256;

    public static void Validate(string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (instanceId.Length > MaxLength)
        {
            throw new ArgumentException($"Instance id is {instanceId.Length} characters; the limit is {MaxLength}.", nameof(instanceId));
        }

        foreach (char c in instanceId)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"Instance id '{instanceId}' contains '{(char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())}', which Azure Table keys do not allow (/, \\, #, ? and control characters).", nameof(instanceId));
            }
        }
    }
}
