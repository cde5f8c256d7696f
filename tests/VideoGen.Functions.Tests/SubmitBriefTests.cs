using System.Net;
using System.Text.Json.Nodes;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class SubmitBriefTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Submit_ValidSample_Returns202WithCheckStatusPayload_AndTheRunQueuesItsPreviewJobs()
    {
        using HttpClient http = _app.CreateApiClient();
        string briefId = SampleBriefs.NewId("submit");
        (JsonObject brief, byte[] image) = SampleBriefs.Load("launch-16x9", briefId);

        HttpResponseMessage response = await http.PostAsync("/api/briefs", SampleBriefs.Multipart(brief, image));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonObject payload = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        string id = payload["id"]!.GetValue<string>();
        Assert.StartsWith($"contoso:{briefId}:", id);
        Assert.Equal(payload["statusQueryGetUri"]!.GetValue<string>(), response.Headers.Location!.ToString());
        foreach (string key in new[] { "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.Contains(Uri.EscapeDataString(id), payload[key]!.GetValue<string>());
        }

        JsonObject status = await _app.WaitForStageAsync(http, id, "render-preview");
        Assert.Equal("Running", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(9, status["customStatus"]!["chunksTotal"]!.GetValue<int>()); // 360 frames in chunks of 48 overlapping by 8
        Assert.True(await _app.Uploads.GetBlobClient($"contoso/{briefId}/product.png").ExistsAsync());
    }

    [Fact]
    public async Task Submit_InvalidBrief_Returns400NamingTheFieldAndWritesNothing()
    {
        using HttpClient http = _app.CreateApiClient();
        string briefId = SampleBriefs.NewId("bad");
        (JsonObject brief, byte[] image) = SampleBriefs.Load("launch-16x9", briefId);
        brief["shots"]![0]!["durationSeconds"] = 500;

        HttpResponseMessage response = await http.PostAsync("/api/briefs", SampleBriefs.Multipart(brief, image));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("brief.invalid", error["error"]!.GetValue<string>());
        Assert.Contains(error["details"]!.AsArray(), e => e!["pointer"]!.GetValue<string>() == "/shots/0/durationSeconds");
        Assert.False(await _app.Uploads.GetBlobClient($"contoso/{briefId}/brief.json").ExistsAsync());
    }

    [Fact]
    public async Task Submit_MalformedJson_Returns400()
    {
        using HttpClient http = _app.CreateApiClient();
        var form = new MultipartFormDataContent { { new StringContent("{ \"tenant\": "), "brief", "brief.json" }, { new ByteArrayContent([1, 2, 3]), "image", "product.png" } };

        HttpResponseMessage response = await http.PostAsync("/api/briefs", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("brief.invalid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Submit_WrongContentType_Returns415()
    {
        using HttpClient http = _app.CreateApiClient();
        HttpResponseMessage response = await http.PostAsync("/api/briefs", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("request.content-type", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Submit_MissingImagePart_Returns400NamingThePart()
    {
        using HttpClient http = _app.CreateApiClient();
        (JsonObject brief, _) = SampleBriefs.Load("launch-16x9", SampleBriefs.NewId("noimg"));
        var form = new MultipartFormDataContent { { new StringContent(brief.ToJsonString()), "brief", "brief.json" } };

        HttpResponseMessage response = await http.PostAsync("/api/briefs", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("image", error["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_OversizedImage_Returns413()
    {
        using HttpClient http = _app.CreateApiClient();
        (JsonObject brief, _) = SampleBriefs.Load("launch-16x9", SampleBriefs.NewId("big"));

        HttpResponseMessage response = await http.PostAsync("/api/briefs", SampleBriefs.Multipart(brief, new byte[11 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Submit_BriefForAnotherTenant_Returns403()
    {
        using HttpClient http = _app.CreateApiClient(FunctionAppFactory.FabrikamKey);
        (JsonObject brief, byte[] image) = SampleBriefs.Load("launch-16x9", SampleBriefs.NewId("cross"));

        HttpResponseMessage response = await http.PostAsync("/api/briefs", SampleBriefs.Multipart(brief, image));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("tenant.mismatch", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, "auth.missing-key")]
    [InlineData("not-a-valid-key-at-all", "auth.invalid-key")]
    public async Task Submit_WithoutValidKey_Returns401(string? key, string code)
    {
        using HttpClient http = _app.CreateApiClient(key);
        (JsonObject brief, byte[] image) = SampleBriefs.Load("launch-16x9", SampleBriefs.NewId("nokey"));

        HttpResponseMessage response = await http.PostAsync("/api/briefs", SampleBriefs.Multipart(brief, image));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(code, await response.Content.ReadAsStringAsync());
    }
}
