using System.Text;
using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Payloads far above queue-message and table-property limits travel through the large-message container.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LargePayloadTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int OneMegabyte = 1024 * 1024;

    [Fact]
    public async Task ScheduleNew_OneMegabyteInputActivityResultAndOutput_RoundTripIntact()
    {
        var activityInputLengths = new List<int>();
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<string, string>("Big", async (ctx, input) =>
            {
                string reversed = await ctx.CallActivityAsync<string>("Reverse", input);
                return Reverse(reversed) + "!";
            })
            .AddActivityFunc<string, string>("Reverse", (_, text) =>
            {
                lock (activityInputLengths)
                {
                    activityInputLengths.Add(text.Length);
                }

                return Task.FromResult(Reverse(text));
            }));
        string payload = MakePayload(OneMegabyte);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Big", payload);
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.Equal(payload, result.ReadInputAs<string>());
        string? outputValue = result.ReadOutputAs<string>();
        Assert.NotNull(outputValue);
        Assert.Equal(payload.Length + 1, outputValue.Length);
        Assert.True(outputValue == payload + "!", "The 1 MB output differs from the input it was derived from.");
        lock (activityInputLengths)
        {
            Assert.All(activityInputLengths, n => Assert.Equal(OneMegabyte, n));
        }
    }

    [Fact]
    public async Task RaiseEventAsync_LargeEventPayload_DeliveredIntact()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, r => r
            .AddOrchestratorFunc<object?, string>("WaitBig", async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting");
                return await ctx.WaitForExternalEvent<string>("Big");
            }));
        string payload = MakePayload(200 * 1024);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitBig");
        await host.Client.WaitForCustomStatusAsync(id, "waiting");
        await host.Client.RaiseEventAsync(id, "Big", payload);
        OrchestrationMetadata result = await host.Client.WaitForCompletionAsync(id);

        DurableAssert.Completed(result);
        Assert.True(result.ReadOutputAs<string>() == payload, "The 200 KB event payload arrived changed.");
    }

    /// <summary>Text that compresses poorly and whose corruption anywhere is visible: pseudo-random letters and digits.</summary>
    private static string MakePayload(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(20240501);
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    private static string Reverse(string text)
    {
        char[] chars = text.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }
}
