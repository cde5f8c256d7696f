namespace VideoGen.Pipeline.Briefs;

/// <summary>A person who may approve the clip.</summary>
/// <param name="Email">Address the approval links are mailed to (unique within the brief).</param>
/// <param name="Name">Display name, if given.</param>
public sealed record Approver(string Email, string? Name = null);
