namespace VideoGen.Pipeline.Tests;

public sealed class ScaffoldTests
{
    [Fact]
    public void PipelineAssembly_IsLoadable() => Assert.Equal("VideoGen.Pipeline", VideoGen.Pipeline.PipelineAssembly.Assembly.GetName().Name);
}
