using Azure;
using VideoGen.Durable.Tests.Infrastructure;

namespace VideoGen.Durable.Tests;

/// <summary>Instance queries served by the instances table: paging and filters.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static void Register(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<int, int>("FailOnMultiplesOfFive", (_, i) =>
            i % 5 == 0 ? throw new InvalidOperationException($"{i} is a multiple of five") : Task.FromResult(i))
        .AddOrchestratorFunc<int, int>("Other", (_, i) => Task.FromResult(i));

    [Fact]
    public async Task GetAllInstancesAsync_25InstancesPageSize10_ThreePagesOf25()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, Register);
        string prefix = $"page-{Guid.NewGuid():N}-";
        string[] ids = await StartAsync(host.Client, prefix, "Other", 25);
        await host.Client.WaitForAllAsync(ids);
        var query = new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 10 };
        await WaitUntilCountAsync(host.Client, query with { Statuses = [OrchestrationRuntimeStatus.Completed] }, 25);

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (Page<OrchestrationMetadata> page in host.Client.GetAllInstancesAsync(query).AsPages())
        {
            pages.Add(page);
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Values.Count));
        Assert.Null(pages[^1].ContinuationToken);
        string[] seen = pages.SelectMany(p => p.Values).Select(m => m.InstanceId).ToArray();
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.All(pages.SelectMany(p => p.Values), m => Assert.Equal(OrchestrationRuntimeStatus.Completed, m.RuntimeStatus));
    }

    [Fact]
    public async Task GetAllInstancesAsync_ContinuationToken_ResumesAfterThePageItCameFrom()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, Register);
        string prefix = $"resume-{Guid.NewGuid():N}-";
        string[] ids = await StartAsync(host.Client, prefix, "Other", 7);
        await host.Client.WaitForAllAsync(ids);
        var query = new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 4 };
        await WaitUntilCountAsync(host.Client, query with { Statuses = [OrchestrationRuntimeStatus.Completed] }, 7);

        Page<OrchestrationMetadata> first = await FirstPageAsync(host.Client.GetAllInstancesAsync(query).AsPages());
        Page<OrchestrationMetadata> second = await FirstPageAsync(host.Client.GetAllInstancesAsync(query).AsPages(first.ContinuationToken));

        Assert.Equal(4, first.Values.Count);
        Assert.Equal(3, second.Values.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Values.Concat(second.Values).Select(m => m.InstanceId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetAllInstancesAsync_StatusAndNameFilters_ReturnOnlyMatchingInstances()
    {
        await using DurableTestHost host = await DurableTestHost.StartAsync(azurite, output, Register);
        string prefix = $"status-{Guid.NewGuid():N}-";
        string[] ids = await StartAsync(host.Client, prefix, "FailOnMultiplesOfFive", 10); // 0 and 5 fail
        string[] others = await StartAsync(host.Client, prefix + "other-", "Other", 2);
        await host.Client.WaitForAllAsync(ids.Concat(others));
        string[] expectedFailed = [ids[0], ids[5]];
        await WaitUntilCountAsync(host.Client, new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed] }, 10);
        await WaitUntilCountAsync(host.Client, new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Failed] }, 2);

        List<OrchestrationMetadata> failed = await ListAsync(host.Client, new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Failed] });
        List<OrchestrationMetadata> completedFailing = await ListAsync(host.Client, new OrchestrationQuery
        {
            InstanceIdPrefix = prefix,
            Name = "FailOnMultiplesOfFive",
            Statuses = [OrchestrationRuntimeStatus.Completed],
            FetchInputsAndOutputs = true,
        });
        List<OrchestrationMetadata> both = await ListAsync(host.Client, new OrchestrationQuery
        {
            InstanceIdPrefix = prefix,
            Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed],
        });

        Assert.Equal(expectedFailed.Order(StringComparer.Ordinal), failed.Select(m => m.InstanceId).Order(StringComparer.Ordinal));
        Assert.All(failed, m => Assert.Contains("multiple of five", m.FailureDetails?.ErrorMessage ?? "", StringComparison.Ordinal));
        Assert.Equal(8, completedFailing.Count);
        Assert.All(completedFailing, m => Assert.Equal(m.ReadInputAs<int>(), m.ReadOutputAs<int>()));
        Assert.Equal(12, both.Count);
    }

    private static async Task<string[]> StartAsync(DurableTaskClient client, string prefix, string name, int count)
    {
        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = await client.ScheduleNewOrchestrationInstanceAsync(name, i, new StartOrchestrationOptions { InstanceId = $"{prefix}{i:D2}" });
        }

        return ids;
    }

    private static async Task<List<OrchestrationMetadata>> ListAsync(DurableTaskClient client, OrchestrationQuery query)
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(query))
        {
            all.Add(m);
        }

        return all;
    }

    private static async Task<Page<OrchestrationMetadata>> FirstPageAsync(IAsyncEnumerable<Page<OrchestrationMetadata>> pages)
    {
        await foreach (Page<OrchestrationMetadata> page in pages)
        {
            return page;
        }

        throw new InvalidOperationException("The query returned no page at all.");
    }

    /// <summary>The instances table may lag the history briefly: poll until the query's count settles.</summary>
    private static Task WaitUntilCountAsync(DurableTaskClient client, OrchestrationQuery query, int expected)
        => Waits.UntilAsync(async _ => (await ListAsync(client, query)).Count == expected, $"{expected} instances matching {query}");
}
