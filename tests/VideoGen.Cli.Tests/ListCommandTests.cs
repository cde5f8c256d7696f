using System.Text.Json;
using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

public sealed class ListCommandTests : IClassFixture<FakeFunctionApp>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeFunctionApp _app;

    public ListCommandTests(FakeFunctionApp app)
    {
        _app = app;
        for (var i = 0; i < 5; i++)
        {
            app.Add($"list-run-{i}", "contoso", [new FakeStep(i % 2 == 0 ? "Running" : "Failed", FakeScripts.Progress("plan", 10 * i))], T0.AddMinutes(i));
        }

        app.Add("list-other-tenant", "fabrikam", [new FakeStep("Running")], T0);
    }

    [Fact]
    public async Task List_AllOption_FollowsContinuationTokensAcrossPages()
    {
        var result = await CliRunner.RunAsync(_app, "list", "--prefix", "list-r", "--top", "2", "--all", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var ids = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("instanceId").GetString()!).ToArray();
        Assert.Equal(["list-run-0", "list-run-1", "list-run-2", "list-run-3", "list-run-4"], ids);
        var listCalls = _app.Requests.Where(r => r.PathAndQuery.Contains("instanceIdPrefix=list-r&", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, listCalls.Count);
        Assert.Null(listCalls[0].Continuation);
        Assert.NotNull(listCalls[1].Continuation);
        Assert.NotEqual(listCalls[1].Continuation, listCalls[2].Continuation);
    }

    [Fact]
    public async Task List_WithoutAll_PrintsOnePageAndHintsAtMore()
    {
        var result = await CliRunner.RunAsync(_app, "list", "--prefix", "list-run-", "--top", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("list-run-0", result.Out);
        Assert.Contains("list-run-1", result.Out);
        Assert.DoesNotContain("list-run-2", result.Out);
        Assert.Contains("--all", result.Err);
    }

    [Fact]
    public async Task List_StatusFilter_SendsCanonicalStatuses()
    {
        var result = await CliRunner.RunAsync(_app, "list", "--status", "failed", "--prefix", "list-run-", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(_app.Requests, r => r.PathAndQuery.Contains("runtimeStatus=Failed", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(result.Out);
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.Equal("Failed", e.GetProperty("runtimeStatus").GetString()));
        Assert.Equal(2, doc.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task List_CreatedTimeRange_IsSentAndApplied()
    {
        var result = await CliRunner.RunAsync(
            _app, "list", "--prefix", "list-run-", "--from", "2026-11-01T12:01:00Z", "--to", "2026-11-01T12:02:00Z", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(["list-run-1", "list-run-2"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("instanceId").GetString()!).ToArray());
    }

    [Fact]
    public async Task List_OnlyOwnTenant_IsListed()
    {
        var result = await CliRunner.RunAsync(_app, "list", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("list-other-tenant", result.Out);
    }

    [Fact]
    public async Task List_UnknownStatus_Exits2()
    {
        var result = await CliRunner.RunAsync(_app, "list", "--status", "Sleeping");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Sleeping", result.Err);
    }
}
