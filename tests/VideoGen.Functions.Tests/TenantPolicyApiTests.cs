using Microsoft.DurableTask.Client;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using VideoGen.Contracts;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

/// <summary>
/// <c>/api/policy</c> and what it changes: a tenant's override is checked on PUT, stored under its own tenant, and
/// screens that tenant's next run (local mode, the real engine on Azurite).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantPolicyApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite);
    private readonly string _version = "fab-" + Guid.NewGuid().ToString("N")[..8];

    private string RivalBrandOverride => $$"""
        { "version": "{{_version}}", "categories": [ { "id": "rival-brands", "action": "reject", "terms": ["acme cola"] } ] }
        """;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Leave no override behind for the other tests on this Azurite.
        await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobLayout.PoliciesContainer)
            .GetBlobClient(BlobLayout.TenantPolicyPath(TenantId.Parse("fabrikam"))).DeleteIfExistsAsync();
        await _app.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();

    [Fact]
    public async Task Put_ValidOverride_IsStoredForTheKeysTenant_AndBlocksThatTenantsNextRun_NotOthers()
    {
        using HttpClient fabrikam = _app.CreateApiClient(FunctionAppFactory.FabrikamKey);
        using HttpClient contoso = _app.CreateApiClient();

        HttpResponseMessage put = await fabrikam.PutAsync("/api/policy", Json(RivalBrandOverride));
        JsonObject saved = await BodyAsync(put);
        JsonObject shown = await BodyAsync(await fabrikam.GetAsync("/api/policy"));
        JsonObject contosoShown = await BodyAsync(await contoso.GetAsync("/api/policy"));

        Assert.True(put.StatusCode == HttpStatusCode.OK, saved.ToJsonString());
        Assert.Equal($"1.0.0+{_version}", saved["effectiveVersion"]!.GetValue<string>());
        Assert.Contains(saved["categories"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "rival-brands" && c["action"]!.GetValue<string>() == "reject");
        Assert.Equal(_version, shown["override"]!["version"]!.GetValue<string>());
        Assert.Equal("1.0.0", contosoShown["effectiveVersion"]!.GetValue<string>());
        Assert.Null(contosoShown["override"]);

        // fabrikam's run with the term is blocked under the override's version; contoso's same brief goes on.
        string blockedId = await StartRunAsync("fabrikam", "A bottle beside a can of Acme Cola");
        string otherId = await StartRunAsync("contoso", "A bottle beside a can of Acme Cola");
        JsonObject blocked = await _app.WaitForTerminalAsync(fabrikam, blockedId);
        await _app.WaitForStageAsync(contoso, otherId, "render-preview");

        Assert.Equal("Failed", blocked["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("prompt.blocked", blocked["customStatus"]!["errorCode"]!.GetValue<string>());
        Assert.Contains($"1.0.0+{_version}", blocked["output"]!.GetValue<string>());
        Assert.Contains("rival-brands", blocked["output"]!.GetValue<string>());

        HttpResponseMessage deleted = await fabrikam.DeleteAsync("/api/policy");
        HttpResponseMessage again = await fabrikam.DeleteAsync("/api/policy");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("policy.none", (await BodyAsync(again))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_InvalidOrRelaxingOverride_Is400NamingTheField_AndNothingIsStored()
    {
        using HttpClient fabrikam = _app.CreateApiClient(FunctionAppFactory.FabrikamKey);

        HttpResponseMessage relax = await fabrikam.PutAsync("/api/policy", Json($$"""{ "version": "{{_version}}", "categories": [ { "id": "prohibited", "action": "allow" } ] }"""));
        HttpResponseMessage badRegex = await fabrikam.PutAsync("/api/policy", Json($$"""{ "version": "{{_version}}", "categories": [ { "id": "x", "patterns": ["(unclosed"] } ] }"""));
        HttpResponseMessage notJson = await fabrikam.PutAsync("/api/policy", Json("{ version"));
        HttpResponseMessage wrongType = await fabrikam.PutAsync("/api/policy", new StringContent(RivalBrandOverride, Encoding.UTF8, "text/plain"));
        HttpResponseMessage tooLarge = await fabrikam.PutAsync("/api/policy", Json(new string(' ', 1024 * 1024 + 1)));

        Assert.Equal(HttpStatusCode.BadRequest, relax.StatusCode);
        JsonObject relaxBody = await BodyAsync(relax);
        Assert.Equal("policy.invalid", relaxBody["error"]!.GetValue<string>());
        Assert.Equal("/categories/0/action", relaxBody["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badRegex.StatusCode);
        Assert.Equal("/categories/0/patterns/0", (await BodyAsync(badRegex))["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Null((await BodyAsync(await fabrikam.GetAsync("/api/policy")))["override"]);
    }

    [Fact]
    public async Task Put_ChangedDocumentUnderTheStoredVersion_Is409()
    {
        using HttpClient fabrikam = _app.CreateApiClient(FunctionAppFactory.FabrikamKey);
        Assert.Equal(HttpStatusCode.OK, (await fabrikam.PutAsync("/api/policy", Json(RivalBrandOverride))).StatusCode);

        HttpResponseMessage changed = await fabrikam.PutAsync("/api/policy", Json(RivalBrandOverride.Replace("acme cola", "zeta soda", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal("policy.version-unchanged", (await BodyAsync(changed))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keys_ActOnTheirOwnTenantOnly_AndTheAdminNamesOne()
    {
        using HttpClient fabrikam = _app.CreateApiClient(FunctionAppFactory.FabrikamKey);
        using HttpClient admin = _app.CreateApiClient(FunctionAppFactory.AdminKey);
        using HttpClient anonymous = _app.CreateApiClient(key: null);

        HttpResponseMessage otherTenant = await fabrikam.PutAsync("/api/policy?tenant=contoso", Json(RivalBrandOverride));
        HttpResponseMessage adminUnnamed = await admin.GetAsync("/api/policy");
        HttpResponseMessage adminPut = await admin.PutAsync("/api/policy?tenant=fabrikam", Json(RivalBrandOverride));
        HttpResponseMessage noKey = await anonymous.GetAsync("/api/policy");

        Assert.Equal(HttpStatusCode.Forbidden, otherTenant.StatusCode);
        Assert.Equal("auth.wrong-tenant", (await BodyAsync(otherTenant))["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, adminUnnamed.StatusCode);
        Assert.Equal("policy.tenant-required", (await BodyAsync(adminUnnamed))["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, adminPut.StatusCode);
        Assert.Equal(_version, (await BodyAsync(await fabrikam.GetAsync("/api/policy")))["override"]!["version"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task BrokenDocumentWrittenToTheBlob_FailsTheTenantsRunWithPolicyInvalid_NamingTheBlob()
    {
        BlobContainerClient policies = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobLayout.PoliciesContainer);
        await policies.CreateIfNotExistsAsync();
        await policies.GetBlobClient(BlobLayout.TenantPolicyPath(TenantId.Parse("fabrikam")))
            .UploadAsync(BinaryData.FromString("""{ "version": "broken", "categories": [ { "id": "x", "action": "maybe" } ] }"""), overwrite: true);
        using HttpClient fabrikam = _app.CreateApiClient(FunctionAppFactory.FabrikamKey);

        string id = await StartRunAsync("fabrikam", "A bottle on a table");
        JsonObject status = await _app.WaitForTerminalAsync(fabrikam, id);
        HttpResponseMessage shown = await fabrikam.GetAsync("/api/policy");

        Assert.Equal("Failed", status["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("policy.invalid", status["customStatus"]!["errorCode"]!.GetValue<string>());
        Assert.Contains("policies/fabrikam/prompt-policy.json", status["output"]!.GetValue<string>());
        Assert.Contains("/categories/0/action", status["output"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, shown.StatusCode);
        JsonObject shownBody = await BodyAsync(shown);
        Assert.Equal("policy.stored-invalid", shownBody["error"]!.GetValue<string>());
        Assert.Contains("maybe", shownBody["details"]!["storedDocument"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cli_SetShowReset_DriveTheSameApi_AndAnInvalidFileExitsTwoNamingTheField()
    {
        string dir = Directory.CreateTempSubdirectory("vg-policy").FullName;
        string good = Path.Combine(dir, "policy.json"), bad = Path.Combine(dir, "bad.json");
        await File.WriteAllTextAsync(good, RivalBrandOverride);
        await File.WriteAllTextAsync(bad, $$"""{ "version": "{{_version}}", "categories": [ { "id": "prohibited", "removeTerms": ["nazi"] } ] }""");

        (int setCode, string setOut) = await CliAsync("policy", "set", good);
        (int showCode, string showOut) = await CliAsync("policy", "show");
        (int badCode, string badOut) = await CliAsync("policy", "set", bad);
        (int missingCode, string missingOut) = await CliAsync("policy", "set", Path.Combine(dir, "missing.json"));
        (int resetCode, _) = await CliAsync("policy", "reset");
        (int againCode, string againOut) = await CliAsync("policy", "reset");

        Assert.True(setCode == 0, setOut);
        Assert.Contains($"1.0.0+{_version}", setOut);
        Assert.True(showCode == 0, showOut);
        Assert.Contains("rival-brands", showOut);
        Assert.Contains($"Override: {_version}", showOut);
        Assert.True(badCode == 2, badOut);
        Assert.Contains("/categories/0/removeTerms", badOut);
        Assert.Equal(2, missingCode);
        Assert.Contains("does not exist", missingOut);
        Assert.Equal(0, resetCode);
        Assert.Equal(3, againCode);
        Assert.Contains("no prompt policy override", againOut);
        (int adminCode, string adminOut) = await CliWithKeyAsync(FunctionAppFactory.AdminKey, "policy", "set", good, "--tenant", "fabrikam");
        Assert.True(adminCode == 0, adminOut);
        Assert.Contains("Tenant fabrikam", adminOut);
        Directory.Delete(dir, recursive: true);
    }

    private Task<(int Code, string Output)> CliAsync(params string[] args) => CliWithKeyAsync(FunctionAppFactory.FabrikamKey, args);

    private async Task<(int Code, string Output)> CliWithKeyAsync(string key, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new VideoGen.Cli.CliEnvironment(output, error, name => name switch
        {
            "VIDEOGEN_ENDPOINT" => _app.Server.BaseAddress.ToString().TrimEnd('/'),
            "VIDEOGEN_KEY" => key,
            _ => null,
        })
        { HttpHandler = _app.Server.CreateHandler() };
        int code = await VideoGen.Cli.CliApp.RunAsync(args, env);
        return (code, output.ToString() + error.ToString());
    }

    /// <summary>Uploads the launch sample for <paramref name="tenant"/> with its first shot's prompt replaced; returns the run id.</summary>
    private async Task<string> StartRunAsync(string tenant, string prompt)
    {
        string briefId = SampleBriefs.NewId("pol");
        (JsonObject brief, byte[] image) = SampleBriefs.Load("launch-16x9", briefId, tenant);
        brief["shots"]![0]!["prompt"] = prompt;
        _ = _app.Services; // start the host (pollers and watcher)
        await _app.UploadAsCmsAsync(brief, image);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await foreach (var m in _app.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = $"{tenant}:{briefId}:" }).WithCancellation(cts.Token))
            {
                return m.InstanceId;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
