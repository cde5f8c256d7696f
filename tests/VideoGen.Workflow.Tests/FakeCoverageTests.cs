using VideoGen.Pipeline.Workflow;
using VideoGen.Workflow.Tests.Fakes;

namespace VideoGen.Workflow.Tests;

/// <summary>The fakes stand in for every real activity, so a workflow test never reaches a real one (or a missing one).</summary>
public sealed class FakeCoverageTests
{
    [Fact]
    public void FakeActivities_EveryWorkflowActivity_HasAFakeUnderItsName()
    {
        Assert.Equal(WorkflowRegistration.Activities.Select(t => t.Name).Order(StringComparer.Ordinal), FakeActivities.ByName.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FakeActivities_EachFake_TakesAndReturnsWhatTheRealOneDoes()
    {
        foreach (Type real in WorkflowRegistration.Activities)
        {
            Type fake = FakeActivities.ByName[real.Name];
            Assert.Equal(ActivityTypes(real), ActivityTypes(fake));
        }

        static Type[] ActivityTypes(Type t)
        {
            for (Type? b = t; b is not null; b = b.BaseType)
            {
                if (b.IsGenericType && b.GetGenericTypeDefinition() == typeof(Microsoft.DurableTask.TaskActivity<,>))
                {
                    return b.GetGenericArguments();
                }
            }

            throw new InvalidOperationException($"{t} is not a TaskActivity<TInput, TOutput>.");
        }
    }
}
