using System.Text.RegularExpressions;

namespace VideoGen.Testing.Tests;

public sealed partial class UniqueTests
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex ValidHubName();

    [Theory]
    [InlineData("test")]
    [InlineData("OrchestrationTests")]
    [InlineData("")]
    [InlineData("42answers")]
    [InlineData("with-dashes_and.dots and spaces!")]
    [InlineData("ÄÖÜ-ünïcødé")]
    [InlineData("AVeryLongPrefixThatGoesOnAndOnWellPastTheFortyFiveCharacterLimitOfTaskHubs")]
    public void HubName_AnyPrefix_IsValidTaskHubName(string prefix)
    {
        var name = Unique.HubName(prefix);

        Assert.Matches(ValidHubName(), name);
        Assert.InRange(name.Length, 3, Unique.MaxHubNameLength);
    }

    [Fact]
    public void HubName_SamePrefix_KeepsReadablePrefixAndNeverRepeats()
    {
        var names = Enumerable.Range(0, 10_000).Select(_ => Unique.HubName("Orders")).ToList();

        Assert.All(names, n => Assert.StartsWith("Orders", n, StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void HubName_DigitFirstPrefix_StartsWithLetter()
    {
        Assert.StartsWith("h42x", Unique.HubName("42-x"), StringComparison.Ordinal);
    }
}
