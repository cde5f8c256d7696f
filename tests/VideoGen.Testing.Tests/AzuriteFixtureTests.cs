using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Xunit.Abstractions;

namespace VideoGen.Testing.Tests;

/// <summary>
/// The shared fixture serves the storage features the durable engine relies on: blob round trips and leases,
/// queue visibility timeouts, and atomic table transactions with optimistic concurrency.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Start_PicksThreeDistinctLoopbackPorts_ConnectionStringNamesThem()
    {
        output.WriteLine($"{fixture.Azurite}: started in {fixture.Azurite.StartupTime.TotalMilliseconds:0} ms, " +
                         $"{fixture.Azurite.Attempts} attempt(s)");

        int[] ports = [fixture.BlobPort, fixture.QueuePort, fixture.TablePort];
        Assert.All(ports, p => Assert.InRange(p, 1, 65535));
        Assert.Equal(3, ports.Distinct().Count());
        Assert.Equal(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={AzuriteProcess.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{fixture.BlobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{fixture.QueuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{fixture.TablePort}/devstoreaccount1;",
            fixture.ConnectionString);
        Assert.False(fixture.Azurite.HasExited);
        Assert.True(Directory.Exists(fixture.Azurite.Location));
    }

    [Fact]
    public async Task Blob_UploadThenDownload_ReturnsSameBytes()
    {
        var container = new BlobServiceClient(fixture.ConnectionString)
            .GetBlobContainerClient(Unique.HubName("blob").ToLowerInvariant());
        await container.CreateAsync();
        var blob = container.GetBlobClient("dir/payload.json");
        var payload = BinaryData.FromString("""{"hello":"azurite","n":42}""");

        await blob.UploadAsync(payload);
        var downloaded = await blob.DownloadContentAsync();

        Assert.Equal(payload.ToArray(), downloaded.Value.Content.ToArray());
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "dir/", CancellationToken.None))
        {
            names.Add(item.Name);
        }

        Assert.Equal(["dir/payload.json"], names);
    }

    [Fact]
    public async Task Blob_LeaseHeld_SecondAcquireConflicts()
    {
        var container = new BlobServiceClient(fixture.ConnectionString)
            .GetBlobContainerClient(Unique.HubName("lease").ToLowerInvariant());
        await container.CreateAsync();
        var blob = container.GetBlobClient("partition-00");
        await blob.UploadAsync(BinaryData.FromString("owner"));

        var first = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        await first.AcquireAsync(TimeSpan.FromSeconds(15));
        var second = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => second.AcquireAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(409, conflict.Status);
        BlobProperties properties = await blob.GetPropertiesAsync();
        Assert.Equal(LeaseState.Leased, properties.LeaseState);
        await first.ReleaseAsync();
    }

    [Fact]
    public async Task Queue_ReceivedWithVisibilityTimeout_HiddenThenRedelivered()
    {
        var queue = new QueueClient(fixture.ConnectionString, Unique.HubName("q").ToLowerInvariant());
        await queue.CreateAsync();
        await queue.SendMessageAsync("work-item-1");

        var first = (await queue.ReceiveMessagesAsync(maxMessages: 1, visibilityTimeout: TimeSpan.FromSeconds(2))).Value;
        var message = Assert.Single(first);
        Assert.Equal("work-item-1", message.MessageText);
        Assert.Equal(1, message.DequeueCount);

        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 1)).Value); // hidden while the timeout runs

        var again = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(10));
        Assert.Equal("work-item-1", again.MessageText);
        Assert.Equal(message.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);

        await queue.DeleteMessageAsync(again.MessageId, again.PopReceipt);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 1, visibilityTimeout: TimeSpan.FromSeconds(1))).Value);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Queue_SentWithInitialVisibilityDelay_InvisibleUntilDue()
    {
        var queue = new QueueClient(fixture.ConnectionString, Unique.HubName("timer").ToLowerInvariant());
        await queue.CreateAsync();

        await queue.SendMessageAsync("fire-later", visibilityTimeout: TimeSpan.FromSeconds(2));

        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 1)).Value);
        var due = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(10));
        Assert.Equal("fire-later", due.MessageText);
    }

    [Fact]
    public async Task Queue_UpdateVisibility_ExtendsInvisibility()
    {
        var queue = new QueueClient(fixture.ConnectionString, Unique.HubName("renew").ToLowerInvariant());
        await queue.CreateAsync();
        await queue.SendMessageAsync("long-running");
        var message = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);

        var renewed = await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 1)).Value);
        await queue.DeleteMessageAsync(message.MessageId, renewed.Value.PopReceipt);
    }

    [Fact]
    public async Task Table_TransactionOfTwoUpserts_CommitsBoth()
    {
        var table = new TableClient(fixture.ConnectionString, Unique.HubName("Instances"));
        await table.CreateAsync();

        var response = await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity("inst1", "0000") { ["EventType"] = "ExecutionStarted", ["Seq"] = 0 }),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                new TableEntity("inst1", "0001") { ["EventType"] = "TaskScheduled", ["Seq"] = 1 }),
        ]);

        Assert.Equal(2, response.Value.Count);
        Assert.All(response.Value, r => Assert.Equal(204, r.Status));
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == "inst1"))
        {
            rows.Add(e);
        }

        Assert.Equal(["0000", "0001"], rows.Select(r => r.RowKey));
        Assert.Equal(["ExecutionStarted", "TaskScheduled"], rows.Select(r => r.GetString("EventType")));
        Assert.Equal([0, 1], rows.Select(r => r.GetInt32("Seq") ?? -1));
    }

    [Fact]
    public async Task Table_TransactionWithFailingAction_AppliesNothing()
    {
        var table = new TableClient(fixture.ConnectionString, Unique.HubName("Atomic"));
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "existing") { ["V"] = "original" });

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "new") { ["V"] = "x" }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "existing") { ["V"] = "dup" }),
        ]));

        Assert.Equal(409, failure.Status);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "new")).HasValue);
        Assert.Equal("original", (await table.GetEntityAsync<TableEntity>("p", "existing")).Value.GetString("V"));
    }

    [Fact]
    public async Task Table_UpdateWithStaleETag_FailsPrecondition()
    {
        var table = new TableClient(fixture.ConnectionString, Unique.HubName("Etag"));
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var read = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        read["V"] = 2;
        await table.UpdateEntityAsync(read, read.ETag, TableUpdateMode.Replace);
        read["V"] = 3;
        var stale = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(read, read.ETag, TableUpdateMode.Replace));

        Assert.Equal(412, stale.Status);
        Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("V"));
    }

    private static async Task<Azure.Storage.Queues.Models.QueueMessage> ReceiveWithinAsync(QueueClient queue, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 1, visibilityTimeout: TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 1)
            {
                return batch[0];
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No message became visible on {queue.Name} within {limit}.");
    }
}
