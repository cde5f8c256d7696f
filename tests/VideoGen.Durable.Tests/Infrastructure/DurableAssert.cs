namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>Assertions on instance state that say why an instance is not what was expected.</summary>
internal static class DurableAssert
{
    /// <summary>The instance completed; otherwise fails with its status and failure details.</summary>
    public static void Completed(OrchestrationMetadata instance)
    {
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            Assert.Fail($"Instance '{instance.InstanceId}' is {instance.RuntimeStatus}, expected Completed. Failure: {instance.FailureDetails?.ToString() ?? "none"}");
        }
    }

    /// <summary>The instance failed and has failure details; returns them.</summary>
    public static TaskFailureDetails Failed(OrchestrationMetadata instance)
    {
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            Assert.Fail($"Instance '{instance.InstanceId}' is {instance.RuntimeStatus}, expected Failed. Output: {instance.SerializedOutput ?? "none"}");
        }

        Assert.NotNull(instance.FailureDetails);
        return instance.FailureDetails;
    }

    /// <summary>The text contains <paramref name="expected"/>, ignoring case.</summary>
    public static void Mentions(string expected, TaskFailureDetails failure)
        => Assert.Contains(expected, failure.ToString(), StringComparison.OrdinalIgnoreCase);
}
