namespace VideoGen.Pipeline.Safety;

/// <summary>The four harm categories of Azure AI Content Safety, spelled as the REST API spells them.</summary>
public static class HarmCategories
{
    /// <summary><c>Hate</c>.</summary>
    public const string Hate = "Hate";

    /// <summary><c>SelfHarm</c>.</summary>
    public const string SelfHarm = "SelfHarm";

    /// <summary><c>Sexual</c>.</summary>
    public const string Sexual = "Sexual";

    /// <summary><c>Violence</c>.</summary>
    public const string Violence = "Violence";

    /// <summary>All four, in the service's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Hate, SelfHarm, Sexual, Violence];
}

/// <summary>Severity the service gave one category (0, 2, 4 or 6 with <c>FourSeverityLevels</c>).</summary>
public sealed record CategorySeverity(string Category, int Severity);

/// <summary>A blocklist item the text matched.</summary>
public sealed record BlocklistMatch(string BlocklistName, string BlocklistItemId, string BlocklistItemText);

/// <summary>Result of a text analysis; for text split into several requests, the maximum severity per category and all blocklist matches.</summary>
public sealed record TextAnalysisResult(IReadOnlyList<CategorySeverity> Categories, IReadOnlyList<BlocklistMatch> BlocklistMatches);

/// <summary>Result of an image analysis.</summary>
public sealed record ImageAnalysisResult(IReadOnlyList<CategorySeverity> Categories);
