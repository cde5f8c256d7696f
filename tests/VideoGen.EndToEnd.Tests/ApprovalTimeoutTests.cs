using System.Text.Json.Nodes;
using VideoGen.Contracts;
using VideoGen.EndToEnd.Tests.Infrastructure;
using VideoGen.Pipeline.Accounting;

namespace VideoGen.EndToEnd.Tests;

/// <summary>Nobody decides: one reminder at half the timeout, then the run ends rejected.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ApprovalTimeoutTests(PipelineFixture fixture) : IAsyncLifetime
{
    private readonly PipelineHost _pipeline = new(fixture, new Dictionary<string, string>
    {
        ["VideoGen__Run__AlwaysReview"] = "true",
        ["VideoGen__Run__ApprovalTimeout"] = "00:00:06",
    });

    public Task InitializeAsync() => _pipeline.StartAsync();

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task NoDecision_SendsAReminder_ThenEndsRejected()
    {
        (JsonObject brief, byte[] image) = _pipeline.Sample("social-9x16", "timeout");
        string id = await _pipeline.SubmitAsync(brief, image);

        JsonObject done = await _pipeline.WaitForEndAsync(id);

        Assert.Equal("Completed", done["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("rejected", done["output"]!["outcome"]!.GetValue<string>());
        Assert.Equal("timeout", done["output"]!["approval"]!["mode"]!.GetValue<string>());
        Assert.Equal("rejected", PipelineHost.Stage(done));
        var trail = new AuditTrail(new Azure.Data.Tables.TableServiceClient(fixture.Azurite.ConnectionString));
        var steps = (await trail.ReadRunAsync(TenantId.Parse("contoso"), id)).Select(r => r.Step[4..]).ToList();
        Assert.Equal(["review-requested", "review-reminded", "rejected"], steps.SkipWhile(s => s != "review-requested").Take(3));
        Assert.Empty(await _pipeline.ListBlobsAsync(BlobLayout.PublishedContainer, $"contoso/{brief["briefId"]}/"));
    }
}
