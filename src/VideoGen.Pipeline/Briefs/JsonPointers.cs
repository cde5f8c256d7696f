namespace VideoGen.Pipeline.Briefs;

/// <summary>RFC 6901 JSON pointer building.</summary>
internal static class JsonPointers
{
    /// <summary>Escapes one reference token (<c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>).</summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary><paramref name="parent"/> extended by a property name.</summary>
    public static string Child(string parent, string property) => parent + "/" + Escape(property);

    /// <summary><paramref name="parent"/> extended by an array index.</summary>
    public static string Child(string parent, int index) => parent + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
