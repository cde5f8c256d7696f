using Microsoft.DurableTask.Client;

namespace VideoGen.Functions.Triggers;

/// <summary>
/// The code behind a queue-triggered function (<see cref="Hosting.FunctionTable.Queues"/>): the isolated app's
/// <c>[QueueTrigger]</c> wrapper and the local host's poller both hand it the message text and their
/// <see cref="DurableTaskClient"/> (the isolated app's comes per invocation from <c>[DurableClient]</c>). Throwing
/// fails the message: it is retried, then moved to <c>{queue}-poison</c>.
/// </summary>
public interface IQueueFunction
{
    /// <summary>The function name.</summary>
    string Name { get; }

    /// <summary>The queue this instance is triggered by (a test may prefix it).</summary>
    string QueueName { get; }

    /// <summary>Handles one message.</summary>
    Task HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken);
}
