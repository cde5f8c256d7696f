using VideoGen.Durable.History;
using VideoGen.Durable.Storage;
using VideoGen.Durable.Tests.Infrastructure;
using VideoGen.Durable.Worker;

namespace VideoGen.Durable.Tests;

/// <summary>
/// The storage seam's contract for messages whose lease lapsed and that another host dequeued meanwhile:
/// the old receipt is "not ours any more", which the engine must tell apart from a storage failure.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageLeaseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task DeleteMessageAsync_LeaseLapsedAndMessageTakenByAnother_DoesNotThrow()
    {
        (IDurableStorage storage, MessageReceipt stale, MessageReceipt current) = await TakeOverAsync();

        await storage.DeleteMessageAsync(stale, CancellationToken.None); // documented: "not ours", no error

        await storage.DeleteMessageAsync(current, CancellationToken.None);
    }

    [Fact]
    public async Task SetVisibilityAsync_LeaseLapsedAndMessageTakenByAnother_ThrowsConflict()
    {
        (IDurableStorage storage, MessageReceipt stale, _) = await TakeOverAsync();

        await Assert.ThrowsAsync<DurableStorageConflictException>(() => storage.SetVisibilityAsync(stale, TimeSpan.FromSeconds(5), CancellationToken.None));
    }

    [Fact]
    public async Task MessageLease_StoppedWhileARenewalIsInFlight_ReturnsTheReceiptThatRenewalProduced()
    {
        var options = new DurableTaskOptions { StorageConnectionString = azurite.ConnectionString, HubName = Unique.HubName("lease") };
        var storage = new HeldRenewals(new AzureDurableStorage(options));
        using CancellationTokenSource cts = TestTimeouts.Cts();
        await storage.EnsureCreatedAsync(cts.Token);
        await storage.SendAsync(storage.Names.WorkItemQueue, "{\"probe\":1}", null, cts.Token);
        MessageReceipt received = (await storage.ReceiveAsync(storage.Names.WorkItemQueue, 1, TimeSpan.FromSeconds(6), cts.Token)).Single().Receipt;

        var lease = new MessageLease(storage, received, TimeSpan.FromSeconds(6), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        MessageReceipt applied = await storage.Applied.Task.WaitAsync(cts.Token); // the service has renewed; the answer is held
        Task<MessageReceipt> stopped = lease.StopAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300), cts.Token); // room for a (wrong) cancellation of the held call to land
        storage.Release.SetResult();
        MessageReceipt final = await stopped.WaitAsync(cts.Token);

        Assert.NotEqual(received.PopReceipt, applied.PopReceipt);
        Assert.Equal(applied.PopReceipt, final.PopReceipt); // the old receipt is dead at the service
        await storage.DeleteMessageAsync(final, cts.Token);
        Assert.Empty(await storage.ReceiveAsync(storage.Names.WorkItemQueue, 1, TimeSpan.FromSeconds(1), cts.Token));
        await lease.DisposeAsync();
    }

    /// <summary>Lets the first visibility renewal reach the service, then holds its answer until released.</summary>
    private sealed class HeldRenewals(IDurableStorage inner) : DelegatingDurableStorage(inner)
    {
        private int _held;

        public TaskCompletionSource<MessageReceipt> Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<MessageReceipt> SetVisibilityAsync(MessageReceipt receipt, TimeSpan visibility, CancellationToken ct)
        {
            MessageReceipt renewed = await Inner.SetVisibilityAsync(receipt, visibility, CancellationToken.None);
            if (Interlocked.Exchange(ref _held, 1) == 0)
            {
                Applied.SetResult(renewed);
                await Release.Task.WaitAsync(ct); // a caller that cancels here loses the new receipt
            }
            return renewed;
        }
    }

    /// <summary>Dequeues a message, lets its 1 s lease lapse, and dequeues it again: the first receipt is stale.</summary>
    private async Task<(IDurableStorage Storage, MessageReceipt Stale, MessageReceipt Current)> TakeOverAsync()
    {
        var options = new DurableTaskOptions { StorageConnectionString = azurite.ConnectionString, HubName = Unique.HubName("lease") };
        IDurableStorage storage = new AzureDurableStorage(options);
        using CancellationTokenSource cts = TestTimeouts.Cts();
        await storage.EnsureCreatedAsync(cts.Token);
        await storage.SendAsync(storage.Names.WorkItemQueue, "{\"probe\":1}", null, cts.Token);
        var first = await storage.ReceiveAsync(storage.Names.WorkItemQueue, 1, TimeSpan.FromSeconds(1), cts.Token);
        Assert.Single(first);

        IReadOnlyList<(string Text, MessageReceipt Receipt)> second = [];
        await Waits.UntilAsync(
            async ct => (second = await storage.ReceiveAsync(storage.Names.WorkItemQueue, 1, TimeSpan.FromSeconds(30), ct)).Count == 1,
            "the message to become visible again after its lease lapsed");
        Assert.Equal(first[0].Receipt.MessageId, second[0].Receipt.MessageId);
        return (storage, first[0].Receipt, second[0].Receipt);
    }
}
