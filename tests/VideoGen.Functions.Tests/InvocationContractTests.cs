using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using VideoGen.Contracts.Gpu;
using VideoGen.Durable;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

/// <summary>
/// The app as a custom handler: the test plays the Functions host, dequeuing messages and POSTing the documented
/// invocation payloads to <c>/{FunctionName}</c>; nothing in the app polls (hosting mode FunctionsHost).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvocationContractTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite, hostMode: true, activitiesThroughQueue: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task QueueTriggeredDurableFunctions_DriveAnOrchestrationToCompletion()
    {
        using HttpClient http = _app.CreateClient();
        string id = $"contoso:host:{Guid.NewGuid():N}";
        await _app.Client.ScheduleNewOrchestrationInstanceAsync("Test_CallEcho", "hi", new StartOrchestrationOptions { InstanceId = id });
        var queues = new QueueServiceClient(azurite.ConnectionString);
        string hub = _app.HubName.ToLowerInvariant();
        var functions = Enumerable.Range(0, 4).Select(p => ($"DurableControl{p:D2}", queues.GetQueueClient($"{hub}-control-{p:D2}")))
            .Append(("DurableWorkItems", queues.GetQueueClient($"{hub}-workitems"))).ToList();
        int invocations = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await _app.Client.GetInstanceAsync(id, cancellationToken: cts.Token))?.IsCompleted != true)
        {
            foreach ((string function, QueueClient queue) in functions)
            {
                foreach (QueueMessage m in (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30), cts.Token)).Value)
                {
                    HttpResponseMessage r = await http.PostAsync($"/{function}", Json(Invocations.Queue(m.Body.ToString(), m.MessageId, m.DequeueCount)), cts.Token);
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    JsonObject body = JsonNode.Parse(await r.Content.ReadAsStringAsync(cts.Token))!.AsObject();
                    Assert.True(body.ContainsKey("Outputs") && body.ContainsKey("Logs"));
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cts.Token); // the host deletes on success
                    invocations++;
                }
            }

            await Task.Delay(20, cts.Token);
        }

        OrchestrationMetadata done = (await _app.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("echo hi", done.ReadOutputAs<string>());
        Assert.True(invocations >= 3, $"start, work item and result should each be one invocation; saw {invocations}");
    }

    [Fact]
    public async Task UnreadableControlMessage_IsQuarantinedAndTheInvocationSucceeds()
    {
        using HttpClient http = _app.CreateClient();
        HttpResponseMessage r = await http.PostAsync("/DurableControl00", Json(Invocations.Queue("this is not a control message", "m-1")));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        QueueClient poison = new QueueServiceClient(azurite.ConnectionString).GetQueueClient($"{_app.HubName.ToLowerInvariant()}-poison");
        PeekedMessage[] peeked = (await poison.PeekMessagesAsync(32)).Value;
        Assert.NotEmpty(peeked);
    }

    [Fact]
    public async Task GpuResults_RaisesChunkRenderedOnTheRun()
    {
        using HttpClient http = _app.CreateClient();
        string id = $"contoso:gpu:{Guid.NewGuid():N}";
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.WaitForChunk, "x", new StartOrchestrationOptions { InstanceId = id });
        var result = new GpuJobResult("job-7", id, 0, GpuJobStatus.Succeeded, "c", [], 12, 0.5, "cpu", null, "msg-1");

        HttpResponseMessage r = await http.PostAsync("/GpuResults", Json(Invocations.Queue(GpuJson.Serialize(result), "msg-1")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await DriveUntilCompletedAsync(http, id);

        Assert.Equal("job-7:Succeeded", (await _app.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task OnBriefUploaded_EventGridTriggerPayload_StartsTheRunOnce()
    {
        using HttpClient http = _app.CreateClient();
        (JsonObject brief, byte[] image) = SampleBriefs.Load("social-9x16", SampleBriefs.NewId("trigger"));
        (string url, string etag) = await _app.UploadAsCmsAsync(brief, image);
        var invocation = new JsonObject { ["Data"] = new JsonObject { ["eventGridEvent"] = Events.BlobCreatedEventGrid(url, etag) }, ["Metadata"] = new JsonObject() };

        HttpResponseMessage first = await http.PostAsync("/OnBriefUploaded", Json(invocation.DeepClone()));
        HttpResponseMessage again = await http.PostAsync("/OnBriefUploaded", Json(invocation.DeepClone()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Started", await first.Content.ReadAsStringAsync());
        Assert.Contains("AlreadyStarted", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HttpFunctionInvocation_WithoutForwarding_ReturnsResInOutputs()
    {
        using HttpClient http = _app.CreateClient();
        var invocation = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                ["req"] = new JsonObject
                {
                    ["Url"] = "http://localhost:7071/api/durabletask/instances/contoso%3Anope%3A1",
                    ["Method"] = "GET",
                    ["Headers"] = new JsonObject { ["x-functions-key"] = new JsonArray(FunctionAppFactory.ContosoKey) },
                    ["Query"] = new JsonObject(),
                },
            },
            ["Metadata"] = new JsonObject(),
        };

        HttpResponseMessage r = await http.PostAsync("/GetInstances", Json(invocation));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonObject res = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["Outputs"]!["res"]!.AsObject();
        Assert.Equal(404, res["statusCode"]!.GetValue<int>());
        Assert.True(res["body"]!.GetValue<string>().Contains("instance.not-found"), res.ToJsonString());
    }

    [Fact]
    public async Task UnknownFunctionAndMalformedPayload_Return4xx()
    {
        using HttpClient http = _app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/NoSuchFunction", Json(new JsonObject()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/GpuResults", new StringContent("{", Encoding.UTF8, "application/json"))).StatusCode);
        HttpResponseMessage noData = await http.PostAsync("/DurableWorkItems", Json(new JsonObject { ["Data"] = new JsonObject(), ["Metadata"] = new JsonObject() }));
        Assert.Equal(HttpStatusCode.InternalServerError, noData.StatusCode);
        Assert.Contains("Data.message", await noData.Content.ReadAsStringAsync());
    }

    /// <summary>Plays the host for the durable queues until the instance completes.</summary>
    private async Task DriveUntilCompletedAsync(HttpClient http, string id)
    {
        var queues = new QueueServiceClient(azurite.ConnectionString);
        string hub = _app.HubName.ToLowerInvariant();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await _app.Client.GetInstanceAsync(id, cancellationToken: cts.Token))?.IsCompleted != true)
        {
            for (int p = 0; p < 4; p++)
            {
                QueueClient queue = queues.GetQueueClient($"{hub}-control-{p:D2}");
                foreach (QueueMessage m in (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30), cts.Token)).Value)
                {
                    HttpResponseMessage r = await http.PostAsync($"/DurableControl{p:D2}", Json(Invocations.Queue(m.Body.ToString(), m.MessageId, m.DequeueCount)), cts.Token);
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cts.Token);
                }
            }

            await Task.Delay(20, cts.Token);
        }
    }
}
