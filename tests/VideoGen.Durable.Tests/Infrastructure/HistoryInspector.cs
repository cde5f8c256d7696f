using VideoGen.Durable.History;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable.Tests.Infrastructure;

/// <summary>
/// Reads an instance's committed history straight from storage (past the engine), so tests can check
/// exactly-once facts: each task scheduled once and completed once.
/// </summary>
internal static class HistoryInspector
{
    /// <summary>The committed events of the instance's current execution; empty when it has no history.</summary>
    public static async Task<IReadOnlyList<HistoryEvent>> LoadAsync(string connectionString, string hubName, string instanceId)
    {
        var options = new DurableTaskOptions { StorageConnectionString = connectionString, HubName = hubName };
        var storage = new AzureDurableStorage(options);
        var payloads = new PayloadStore(storage, options);
        using CancellationTokenSource cts = TestTimeouts.Cts();
        StoredHistory? history = await storage.LoadHistoryAsync(instanceId, cts.Token);
        if (history is null)
        {
            return [];
        }

        var events = new List<HistoryEvent>(history.Rows.Count);
        foreach (HistoryRow row in history.Rows)
        {
            events.Add(await payloads.FromRowAsync(row, cts.Token));
        }

        return events;
    }

    /// <summary>
    /// Asserts the execution scheduled <paramref name="tasks"/> activities, each once, each completed once,
    /// started once and completed once.
    /// </summary>
    public static void AssertEachTaskOnce(string instanceId, IReadOnlyList<HistoryEvent> events, int tasks)
    {
        string summary = string.Join(", ", events.GroupBy(e => e.GetType().Name).Select(g => $"{g.Key}×{g.Count()}"));
        int[] scheduled = events.OfType<TaskScheduled>().Select(e => e.TaskId).ToArray();
        int[] completed = events.OfType<TaskCompleted>().Select(e => e.TaskId).ToArray();
        Assert.True(scheduled.Length == tasks && scheduled.Distinct().Count() == tasks,
            $"{instanceId}: expected {tasks} distinct TaskScheduled, history has [{string.Join(",", scheduled)}] ({summary}).");
        Assert.True(completed.Length == tasks && completed.Order().SequenceEqual(scheduled.Order()),
            $"{instanceId}: expected one TaskCompleted per scheduled task [{string.Join(",", scheduled)}], history has [{string.Join(",", completed)}] ({summary}).");
        Assert.True(events.OfType<TaskFailed>().Count() == 0, $"{instanceId}: unexpected TaskFailed ({summary}).");
        Assert.True(events.OfType<ExecutionStarted>().Count() == 1, $"{instanceId}: expected one ExecutionStarted ({summary}).");
        Assert.True(events.OfType<ExecutionCompleted>().Count() == 1, $"{instanceId}: expected one ExecutionCompleted ({summary}).");
    }
}
