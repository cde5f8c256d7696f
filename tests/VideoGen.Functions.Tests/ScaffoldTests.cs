namespace VideoGen.Functions.Tests;

public sealed class ScaffoldTests
{
    [Fact]
    public void FunctionsAssembly_IsLoadable() => Assert.Equal("VideoGen.Functions", typeof(Program).Assembly.GetName().Name);
}
