using Azure.Core;
using Azure.Core.Pipeline;
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

    [Fact]
    public async Task Delete_WhileARenewalIsInFlight_WaitsForItAndUsesTheReceiptItProduced()
    {
        var held = new HoldFirstMessageUpdate();
        var options = new QueueClientOptions();
        options.AddPolicy(held, HttpPipelinePosition.PerCall);
        var queue = new QueueClient(azurite.ConnectionString, Unique.HubName("lease").ToLowerInvariant(), options);
        await queue.CreateAsync();
        await queue.SendMessageAsync("work");
        var visibility = TimeSpan.FromSeconds(6); // renewal after 2 s; the held answer must come back within 6 s
        var message = (await queue.ReceiveMessageAsync(visibility)).Value;
        await using var lease = new LeasedMessage(queue, message, visibility, NullLogger.Instance);

        lease.StartRenewal();
        await held.Applied.Task.WaitAsync(TimeSpan.FromMinutes(1)); // the service renewed the lease; its answer is held
        Task deleted = lease.DeleteAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // room for a (wrong) cancellation of the held call to land
        held.Release.SetResult();
        await deleted.WaitAsync(TimeSpan.FromMinutes(1)); // PopReceiptMismatch if the renewal had been cancelled

        Assert.True(lease.IsSettled);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    /// <summary>Sends the first message update (a renewal; a PUT with a pop receipt) to the service, then holds its response until released.</summary>
    private sealed class HoldFirstMessageUpdate : HttpPipelinePolicy
    {
        private int _held;

        public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Put
                && message.Request.Uri.Query.Contains("popreceipt=", StringComparison.OrdinalIgnoreCase)
                && Interlocked.Exchange(ref _held, 1) == 0)
            {
                Applied.SetResult();
                await Release.Task.WaitAsync(message.CancellationToken); // a caller that cancels here loses the new receipt
            }
        }
    }
}
