using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

/// <summary>
/// A new user on a busy machine starts the app before the storage emulator listens: the app must not crash. It comes
/// up, answers health with 503 "starting" while it waits for storage with backoff, and starts the durable host when
/// storage comes (issue 9: run.sh failed 3 of 3 when Azurite took 8.5 s to listen).
/// </summary>
public sealed class StartupWithoutStorageTests
{
    [Fact]
    public async Task LocalHost_StartedBeforeStorage_ReportsStarting_ThenRunsOrchestrationsWhenStorageComes()
    {
        (int blob, int queue, int table) = AzuriteProcess.PickFreePorts();
        await using var app = new LateStorageApp(AzuriteProcess.ConnectionStringFor(blob, queue, table));
        using HttpClient http = app.CreateClient();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // hang guard only

        HttpResponseMessage before = await http.GetAsync("/api/health", guard.Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal("starting", JsonNode.Parse(await before.Content.ReadAsStringAsync(guard.Token))!["status"]!.GetValue<string>());

        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(blob, queue, table, guard.Token);
        while ((await http.GetAsync("/api/health", guard.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(100, guard.Token);
        }

        DurableTaskClient client = app.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.CallEcho, "late", guard.Token);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, guard.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("echo late", done.ReadOutputAs<string>());
    }

    private sealed class LateStorageApp(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("AzureWebJobsStorage", connectionString);
            builder.UseSetting("VideoGen:HubName", Unique.HubName("late"));
            builder.UseSetting("VideoGen:WatchUploads", "false");
            builder.UseSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200");
            builder.ConfigureTestServices(services =>
            {
                var registry = (VideoGen.DurableHost.TaskRegistry)services.Single(d => d.ServiceType == typeof(VideoGen.DurableHost.TaskRegistry)).ImplementationInstance!;
                TestOrchestrations.Register(registry);
            });
        }
    }
}
