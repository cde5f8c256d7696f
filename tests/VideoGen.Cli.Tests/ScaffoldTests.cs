namespace VideoGen.Cli.Tests;

public sealed class ScaffoldTests
{
    [Fact]
    public void CliAssembly_IsLoadable() => Assert.True(true == System.IO.File.Exists(typeof(ScaffoldTests).Assembly.Location));
}
