namespace VideoGen.Functions.Invocation;

/// <summary>
/// A non-HTTP function of the app: the code behind one <c>functions/{Name}/function.json</c>. The Functions host
/// calls it through <c>POST /{Name}</c>; local mode calls it from its own pollers with the same payload.
/// Throwing fails the invocation (the trigger's message is retried, then poisoned by the host).
/// </summary>
public interface IFunctionHandler
{
    /// <summary>The function name: its folder under <c>functions/</c>.</summary>
    string Name { get; }

    /// <summary>Runs one invocation.</summary>
    Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken);
}

/// <summary>Thrown when an invocation payload lacks what the function's binding promises; names the binding.</summary>
public sealed class InvocationPayloadException(string message) : Exception(message);

/// <summary>
/// A queue-triggered handler whose queue name comes from settings rather than from its function.json (the durable
/// hub's queues; a test's prefixed GPU queues). Local mode polls <see cref="QueueName"/>; under the Functions host the
/// function.json's name applies, and a test checks the two agree for the default settings.
/// </summary>
public interface IQueueTriggered
{
    /// <summary>The queue this handler is triggered by.</summary>
    string QueueName { get; }
}
