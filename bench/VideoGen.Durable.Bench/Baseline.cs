using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace VideoGen.Durable.Bench;

/// <summary>
/// The storage floor, measured with the raw Azure SDK against the same Azurite, for context:
/// <c>baseline_azurite_queue_roundtrip_ms</c> (send + receive + delete of one message, 3 requests) and
/// <c>baseline_azurite_table_batch_ms</c> (one entity-group transaction of two upserts, 1 request, like a history commit).
/// </summary>
internal static class Baseline
{
    public static async Task RunAsync(string connectionString, int rounds, CancellationToken ct)
    {
        string suffix = Guid.NewGuid().ToString("N")[..10];
        var queue = new QueueClient(connectionString, $"bench-baseline-{suffix}");
        await queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        var queueSamples = new List<double>(rounds);
        for (int i = -5; i < rounds; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            await queue.SendMessageAsync("ping", ct).ConfigureAwait(false);
            QueueMessage[] received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false)).Value;
            foreach (QueueMessage m in received)
            {
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct).ConfigureAwait(false);
            }

            if (i >= 0)
            {
                queueSamples.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
            }
        }

        await queue.DeleteIfExistsAsync(ct).ConfigureAwait(false);
        Report.Note($"baseline queue round trip: {Stats.Describe(queueSamples)}");
        Report.Figure("baseline_azurite_queue_roundtrip_ms", Stats.Median(queueSamples), "ms");

        var table = new TableClient(connectionString, $"benchbaseline{suffix}");
        await table.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        var tableSamples = new List<double>(rounds);
        for (int i = -5; i < rounds; i++)
        {
            var actions = new[]
            {
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"e{i:D8}") { ["Data"] = new string('x', 200) }),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "sentinel") { ["Count"] = i }),
            };
            long t0 = Stopwatch.GetTimestamp();
            await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            if (i >= 0)
            {
                tableSamples.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
            }
        }

        await table.DeleteAsync(ct).ConfigureAwait(false);
        Report.Note($"baseline table batch: {Stats.Describe(tableSamples)}");
        Report.Figure("baseline_azurite_table_batch_ms", Stats.Median(tableSamples), "ms");
    }
}
