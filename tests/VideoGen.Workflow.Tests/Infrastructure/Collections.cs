namespace VideoGen.Workflow.Tests;

// One collection per test class, each with its own workflow host (task hub) on the shared Azurite: the classes run
// side by side, the tests of a class one after another. xunit 2 honours collection definitions of the test assembly only.

[CollectionDefinition(Name)]
public sealed class ApprovalsCollection : ICollectionFixture<WorkflowHostFixture>
{
    public const string Name = "Workflow approvals";
}

[CollectionDefinition(Name)]
public sealed class RerendersCollection : ICollectionFixture<WorkflowHostFixture>
{
    public const string Name = "Workflow re-renders";
}

[CollectionDefinition(Name)]
public sealed class RendersCollection : ICollectionFixture<WorkflowHostFixture>
{
    public const string Name = "Workflow renders";
}

[CollectionDefinition(Name)]
public sealed class FailuresCollection : ICollectionFixture<WorkflowHostFixture>
{
    public const string Name = "Workflow failures";
}

[CollectionDefinition(Name)]
public sealed class LifecycleCollection : ICollectionFixture<WorkflowHostFixture>
{
    public const string Name = "Workflow lifecycle";
}
