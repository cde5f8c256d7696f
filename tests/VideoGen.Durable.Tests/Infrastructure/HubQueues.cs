using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>
/// Direct access to a task hub's queues, by the documented layout (Durable Functions' naming):
/// <c>{hub}-control-NN</c>, <c>{hub}-workitems</c> and <c>{hub}-poison</c>, lowercased.
/// </summary>
internal sealed class HubQueues(string connectionString, string hubName, int partitionCount = 4)
{
    private readonly QueueServiceClient _service = new(connectionString);

    public QueueClient Control(int partition) => _service.GetQueueClient($"{hubName.ToLowerInvariant()}-control-{partition:D2}");

    public QueueClient WorkItems => _service.GetQueueClient($"{hubName.ToLowerInvariant()}-workitems");

    public QueueClient Poison => _service.GetQueueClient($"{hubName.ToLowerInvariant()}-poison");

    /// <summary>Control queues and the work-item queue: everywhere live work waits.</summary>
    public IEnumerable<QueueClient> WorkQueues => Enumerable.Range(0, partitionCount).Select(Control).Append(WorkItems);

    /// <summary>Texts of the visible messages at the front of <paramref name="queue"/> (up to 32; Azurite peeks in order).</summary>
    public static async Task<IReadOnlyList<string>> PeekTextsAsync(QueueClient queue, CancellationToken ct = default)
    {
        if (!await queue.ExistsAsync(ct))
        {
            return [];
        }

        PeekedMessage[] messages = (await queue.PeekMessagesAsync(32, ct)).Value;
        return messages.Select(m => m.Body.ToString()).ToList();
    }

    /// <summary>True when no control or work-item queue holds a message, visible or not.</summary>
    public async Task<bool> AreWorkQueuesEmptyAsync(CancellationToken ct = default)
    {
        foreach (QueueClient queue in WorkQueues)
        {
            QueueProperties properties = (await queue.GetPropertiesAsync(ct)).Value;
            if (properties.ApproximateMessagesCount > 0)
            {
                return false;
            }
        }

        return true;
    }
}
