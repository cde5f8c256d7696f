using Microsoft.DurableTask.Client;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EventGridWebhookTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite, watchUploads: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static StringContent Json(JsonNode body, string type = "application/json") => new(body.ToJsonString(), Encoding.UTF8, type);

    [Fact]
    public async Task Post_SubscriptionValidationEvent_AnswersValidationResponse()
    {
        using HttpClient http = _app.CreateClient();
        HttpResponseMessage r = await http.PostAsync("/api/events", Json(new JsonArray(Events.ValidationEvent("abc-123"))));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("abc-123", JsonNode.Parse(await r.Content.ReadAsStringAsync())!["validationResponse"]!.GetValue<string>());
    }

    [Fact]
    public async Task Options_CloudEventsHandshake_EchoesAllowedOrigin()
    {
        using HttpClient http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/events");
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        HttpResponseMessage r = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("eventgrid.azure.net", r.Headers.GetValues("WebHook-Allowed-Origin").Single());
    }

    [Fact]
    public async Task Options_WithoutOrigin_Returns400()
    {
        using HttpClient http = _app.CreateClient();
        HttpResponseMessage r = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/events"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task Post_BlobCreatedTwice_StartsOneRunAndReportsTheRedelivery()
    {
        (JsonObject brief, byte[] image) = SampleBriefs.Load("social-9x16", SampleBriefs.NewId("eg"));
        (string url, string etag) = await _app.UploadAsCmsAsync(brief, image);
        JsonObject e = Events.BlobCreatedEventGrid(url, etag);
        using HttpClient http = _app.CreateClient();

        JsonNode first = JsonNode.Parse(await (await http.PostAsync("/api/events", Json(new JsonArray(e.DeepClone())))).Content.ReadAsStringAsync())!;
        JsonNode second = JsonNode.Parse(await (await http.PostAsync("/api/events", Json(new JsonArray(e.DeepClone())))).Content.ReadAsStringAsync())!;

        Assert.Equal("Started", first["accepted"]![0]!["action"]!.GetValue<string>());
        Assert.Equal("AlreadyStarted", second["accepted"]![0]!["action"]!.GetValue<string>());
        string id = first["accepted"]![0]!["instanceId"]!.GetValue<string>();
        Assert.Equal(id, second["accepted"]![0]!["instanceId"]!.GetValue<string>());
        var all = new List<string>();
        await foreach (var m in _app.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"contoso:{brief["briefId"]}:" }))
        {
            all.Add(m.InstanceId);
        }

        Assert.Equal([id], all);
    }

    [Fact]
    public async Task Post_BlobCreatedCloudEvent_StartsRun()
    {
        (JsonObject brief, byte[] image) = SampleBriefs.Load("social-9x16", SampleBriefs.NewId("ce"));
        (string url, string etag) = await _app.UploadAsCmsAsync(brief, image);
        using HttpClient http = _app.CreateClient();

        HttpResponseMessage r = await http.PostAsync("/api/events", Json(Events.BlobCreatedCloudEvent(url, etag), "application/cloudevents+json"));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonNode body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal("Started", body["accepted"]![0]!["action"]!.GetValue<string>());
        using HttpClient api = _app.CreateApiClient();
        JsonObject status = await _app.WaitForStageAsync(api, body["accepted"]![0]!["instanceId"]!.GetValue<string>(), "render-preview");
        Assert.Equal("Running", status["runtimeStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_OtherEventTypeAndOtherContainer_Return200AndStartNothing()
    {
        JsonObject deleted = Events.BlobCreatedEventGrid("http://127.0.0.1/devstoreaccount1/cms-uploads/contoso/x/brief.json", "1");
        deleted["eventType"] = "Microsoft.Storage.BlobDeleted";
        (JsonObject brief, byte[] image) = SampleBriefs.Load("social-9x16", SampleBriefs.NewId("other"));
        (string url, string etag) = await _app.UploadAsCmsAsync(brief, image);
        JsonObject otherContainer = Events.BlobCreatedEventGrid(url.Replace("/cms-uploads/", "/published/"), etag);
        using HttpClient http = _app.CreateClient();

        HttpResponseMessage r = await http.PostAsync("/api/events", Json(new JsonArray(deleted, otherContainer)));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonNode body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal(1, body["ignored"]!.GetValue<int>());
        Assert.Equal("Ignored", body["accepted"]![0]!["action"]!.GetValue<string>());
        Assert.Contains("published", body["accepted"]![0]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{ not json", "application/json", HttpStatusCode.BadRequest, "event.invalid")]
    [InlineData("[{\"id\":\"1\"}]", "application/json", HttpStatusCode.BadRequest, "event.invalid")]
    [InlineData("{\"specversion\":\"1.0\"}", "application/cloudevents+json", HttpStatusCode.BadRequest, "event.invalid")]
    [InlineData("[]", "text/plain", HttpStatusCode.UnsupportedMediaType, "event.content-type")]
    public async Task Post_MalformedDelivery_Returns4xxWithNamedError(string body, string type, HttpStatusCode status, string code)
    {
        using HttpClient http = _app.CreateClient();
        HttpResponseMessage r = await http.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, type));

        Assert.Equal(status, r.StatusCode);
        Assert.Equal(code, JsonNode.Parse(await r.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_OversizedDelivery_Returns413()
    {
        using HttpClient http = _app.CreateClient();
        HttpResponseMessage r = await http.PostAsync("/api/events", new StringContent("[" + new string(' ', 1024 * 1024 + 10) + "]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
    }
}
