using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using VideoGen.GpuWorker.Queues;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class LeasedMessageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartRenewal_HeldPastVisibilityTimeout_StaysInvisibleAndDeletesWithLatestReceipt()
    {
        var queue = new QueueClient(azurite.ConnectionString, Unique.HubName("lease").ToLowerInvariant());
        await queue.CreateAsync();
        await queue.SendMessageAsync("work");
        var visibility = TimeSpan.FromSeconds(3);
        var message = (await queue.ReceiveMessageAsync(visibility)).Value;
        await using var lease = new LeasedMessage(queue, message, visibility, NullLogger.Instance);

        lease.StartRenewal();
        await Task.Delay(visibility + visibility); // without renewal the message would be visible again by now

        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
        await lease.DeleteAsync(CancellationToken.None); // fails if the pop receipt were stale
        Assert.True(lease.IsSettled);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
