namespace VideoGen.Workflow.Tests;

/// <summary>A test class on its collection's <see cref="WorkflowHost"/>, with the host's warnings in the test's output.</summary>
public abstract class WorkflowTestBase
{
    protected WorkflowTestBase(WorkflowHostFixture fixture, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Host = fixture.Host;
        Host.Log.Output = output;
    }

    /// <summary>The host the tests of this class share (each starts runs of its own).</summary>
    protected WorkflowHost Host { get; }
}
