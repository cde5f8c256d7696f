using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ManagementApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite, watchUploads: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> StartWaitingAsync(string tenant = "contoso")
    {
        string id = $"{tenant}:test:{Guid.NewGuid():N}";
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.WaitForGo, "in", new StartOrchestrationOptions(id));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await _app.Client.GetInstanceAsync(id, getInputsAndOutputs: false, cts.Token))?.RuntimeStatus != OrchestrationRuntimeStatus.Running)
        {
            await Task.Delay(20, cts.Token);
        }

        return id;
    }

    private static string Path(string id, string rest = "") => $"/api/durabletask/instances/{Uri.EscapeDataString(id)}{rest}";

    [Fact]
    public async Task Status_RunRenderingChunks_ShowsTheChunksItsRenderSubOrchestrationCounted()
    {
        string id = $"contoso:render:{Guid.NewGuid():N}";
        await _app.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.RenderingRun, "x", new StartOrchestrationOptions(id));
        using HttpClient http = _app.CreateApiClient();

        JsonObject? custom = null;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (custom?["chunksDone"]?.GetValue<int>() != 2)
            {
                await Task.Delay(50, cts.Token);
                HttpResponseMessage r = await http.GetAsync(Path(id), cts.Token);
                custom = JsonNode.Parse(await r.Content.ReadAsStringAsync(cts.Token))!["customStatus"] as JsonObject;
            }
        }

        Assert.Equal("render-preview", custom["stage"]!.GetValue<string>());
        Assert.Equal(3, custom["chunksTotal"]!.GetValue<int>()); // the chunks this render renders, from the sub-orchestration
        Assert.Equal($"{id}:preview:v1", custom["renderInstance"]!.GetValue<string>());
        await _app.Client.RaiseEventAsync($"{id}:preview:v1", "Go", "done");
        JsonObject done = await _app.WaitForTerminalAsync(http, id);
        Assert.Equal("Completed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(0, done["customStatus"]!["chunksDone"]!.GetValue<int>()); // a finished run shows its own status as written
    }

    [Fact]
    public async Task Status_RunningInstance_Returns202WithCustomStatusAndHistory()
    {
        string id = await StartWaitingAsync();
        using HttpClient http = _app.CreateApiClient();

        HttpResponseMessage r = await http.GetAsync(Path(id, "?showHistory=true&showInput=true"));

        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        JsonObject s = JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("Running", s["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(TestOrchestrations.WaitForGo, s["name"]!.GetValue<string>());
        Assert.Equal("in", s["input"]!.GetValue<string>());
        Assert.Equal("waiting", s["customStatus"]!["stage"]!.GetValue<string>());
        Assert.Contains(s["historyEvents"]!.AsArray(), e => e!["EventType"]!.GetValue<string>() == "ExecutionStarted");
    }

    [Fact]
    public async Task RaiseEvent_ThenStatus_CompletesWithThePayload()
    {
        string id = await StartWaitingAsync();
        using HttpClient http = _app.CreateApiClient();

        HttpResponseMessage raised = await http.PostAsync(Path(id, "/raiseEvent/Go"), new StringContent("\"now\"", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        JsonObject done = await _app.WaitForTerminalAsync(http, id);

        Assert.Equal("Completed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("in:now", done["output"]!.GetValue<string>());
        HttpResponseMessage late = await http.PostAsync(Path(id, "/raiseEvent/Go"), new StringContent("\"again\"", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_InvalidJsonBody_Returns400AndRaisesNothing()
    {
        string id = await StartWaitingAsync();
        using HttpClient http = _app.CreateApiClient();

        HttpResponseMessage r = await http.PostAsync(Path(id, "/raiseEvent/Go"), new StringContent("{oops", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("event.invalid-json", await r.Content.ReadAsStringAsync());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _app.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResumeTerminate_ChangeTheRuntimeStatus()
    {
        string id = await StartWaitingAsync();
        using HttpClient http = _app.CreateApiClient();

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync(Path(id, "/suspend?reason=hold"), null)).StatusCode);
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync(Path(id, "/resume?reason=go"), null)).StatusCode);
        await WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync(Path(id, "/terminate?reason=enough"), null)).StatusCode);
        JsonObject done = await _app.WaitForTerminalAsync(http, id);
        Assert.Equal("Terminated", done["runtimeStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Purge_RemovesTheInstance()
    {
        string id = await StartWaitingAsync();
        using HttpClient http = _app.CreateApiClient();
        await http.PostAsync(Path(id, "/terminate"), null);
        await _app.WaitForTerminalAsync(http, id);

        HttpResponseMessage purged = await http.DeleteAsync(Path(id));

        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Path(id))).StatusCode);
    }

    [Fact]
    public async Task OtherTenantsInstance_IsNotFoundForEveryOperation_AndVisibleToAdmin()
    {
        string id = await StartWaitingAsync("fabrikam");
        using HttpClient contoso = _app.CreateApiClient();
        using HttpClient admin = _app.CreateApiClient(FunctionAppFactory.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, (await contoso.GetAsync(Path(id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contoso.PostAsync(Path(id, "/terminate"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contoso.PostAsync(Path(id, "/raiseEvent/Go"), new StringContent("1", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contoso.DeleteAsync(Path(id))).StatusCode);
        JsonArray listed = JsonNode.Parse(await contoso.GetStringAsync("/api/durabletask/instances?top=1000"))!.AsArray();
        Assert.DoesNotContain(listed, s => s!["instanceId"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.GetAsync(Path(id))).StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _app.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task List_PagesWithContinuationTokenAndFilters()
    {
        string prefix = $"contoso:page{Guid.NewGuid():N}"[..24];
        for (int i = 0; i < 5; i++)
        {
            await _app.Client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.CallEcho, $"x{i}", new StartOrchestrationOptions($"{prefix}-{i}"));
        }

        foreach (int i in Enumerable.Range(0, 5))
        {
            await _app.Client.WaitForInstanceCompletionAsync($"{prefix}-{i}");
        }

        // Completion is committed before the instances table (which the query reads) is updated: wait for the table.
        var completed = new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed] };
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await CountAsync(completed, wait.Token) < 5)
            {
                await Task.Delay(50, wait.Token);
            }
        }

        using HttpClient http = _app.CreateApiClient();
        var seen = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/durabletask/instances?instanceIdPrefix={Uri.EscapeDataString(prefix)}&top=2&runtimeStatus=Completed");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            HttpResponseMessage r = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            seen.AddRange(JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsArray().Select(s => s!["instanceId"]!.GetValue<string>()));
            token = r.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").Order(), seen.Order());
        Assert.True(pages >= 3);
        HttpResponseMessage bad = await http.GetAsync("/api/durabletask/instances?runtimeStatus=Exploded");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("runtimeStatus", await bad.Content.ReadAsStringAsync());
    }

    private async Task<int> CountAsync(OrchestrationQuery query, CancellationToken ct)
    {
        int n = 0;
        await foreach (var _ in _app.Client.GetAllInstancesAsync(query).WithCancellation(ct))
        {
            n++;
        }

        return n;
    }

    [Fact]
    public async Task UnknownOperation_Returns404NamingIt()
    {
        string id = await StartWaitingAsync();
        using HttpClient http = _app.CreateApiClient();
        HttpResponseMessage r = await http.PostAsync(Path(id, "/rewind"), null);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("operation.unknown", await r.Content.ReadAsStringAsync());
    }

    private async Task WaitForStatusAsync(string id, OrchestrationRuntimeStatus status)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await _app.Client.GetInstanceAsync(id, getInputsAndOutputs: false, cts.Token))!.RuntimeStatus != status)
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
