namespace VideoGen.Testing.Tests;

public sealed class RepoRootTests
{
    [Fact]
    public void Path_FromTestOutputDirectory_FindsRootWithPackageJsonAndAzurite()
    {
        Assert.True(File.Exists(Path.Combine(RepoRoot.Path, "package.json")));
        Assert.True(File.Exists(RepoRoot.AzuriteLauncher));
        Assert.StartsWith(RepoRoot.Path, AppContext.BaseDirectory, StringComparison.Ordinal);
    }
}
