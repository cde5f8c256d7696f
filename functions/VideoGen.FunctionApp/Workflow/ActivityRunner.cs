using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace VideoGen.FunctionApp.Workflow;

/// <summary>
/// Runs a class-based activity inside its activity-trigger function: the class is created for the invocation from the
/// function's services (constructor injection, as the local host does), and given a <see cref="TaskActivityContext"/>
/// with the function's name and the calling orchestration's instance id.
/// </summary>
public static class ActivityRunner
{
    /// <summary>Creates <typeparamref name="TActivity"/> and runs it on <paramref name="input"/>.</summary>
    public static Task<TOut> RunAsync<TActivity, TIn, TOut>(TIn input, FunctionContext context)
        where TActivity : TaskActivity<TIn, TOut>
    {
        ArgumentNullException.ThrowIfNull(context);
        TActivity activity = ActivatorUtilities.CreateInstance<TActivity>(context.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(context), input);
    }

    /// <summary>The activity's view of its invocation.</summary>
    private sealed class FunctionActivityContext(FunctionContext context) : TaskActivityContext
    {
        /// <summary>The function's name: the activity's class name.</summary>
        public override TaskName Name { get; } = new(context.FunctionDefinition.Name);

        /// <summary>
        /// The calling orchestration's instance id: the Durable extension puts it in the activity trigger's binding
        /// data as <c>instanceId</c>; empty if a host ever leaves it out.
        /// </summary>
        public override string InstanceId { get; } =
            context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) && id is string s ? s : "";
    }
}
