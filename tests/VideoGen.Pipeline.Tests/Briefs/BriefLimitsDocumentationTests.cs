using System.Reflection;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Tests.Briefs;

public sealed class BriefLimitsDocumentationTests
{
    [Fact]
    public void Readme_LimitsTable_NamesEveryBriefLimitsMember()
    {
        string readme = File.ReadAllText(Path.Combine(RepoDirectory(), "src", "VideoGen.Pipeline", "Briefs", "README.md"));
        IEnumerable<string> members = typeof(BriefLimits)
            .GetMembers(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m is FieldInfo or PropertyInfo)
            .Select(m => m.Name);

        Assert.All(members, name => Assert.Contains($"`{name}`", readme, StringComparison.Ordinal));
    }

    private static string RepoDirectory()
    {
        string samples = SampleFiles.Directory("launch-16x9");
        return Path.GetFullPath(Path.Combine(samples, "..", "..", ".."));
    }
}
