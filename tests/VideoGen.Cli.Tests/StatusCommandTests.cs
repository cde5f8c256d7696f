using System.Text.Json;
using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

public sealed class StatusCommandTests(FakeFunctionApp app) : IClassFixture<FakeFunctionApp>
{
    [Fact]
    public async Task Status_RunningInstance_PrintsSummaryTable()
    {
        app.Add("status-run", "contoso", [new FakeStep("Running", FakeScripts.Progress("render-preview", 40, 2, 5, "rendering chunks"))]);

        var result = await CliRunner.RunAsync(app, "status", "status-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("status-run", result.Out);
        Assert.Contains("Running", result.Out);
        Assert.Contains("render-preview", result.Out);
        Assert.Contains("40%", result.Out);
        Assert.Contains("2/5", result.Out);
    }

    [Fact]
    public async Task Status_JsonOption_PrintsTheRawStatus()
    {
        app.Add("status-json", "contoso", [new FakeStep("Running", FakeScripts.Progress("plan", 20))]);

        var result = await CliRunner.RunAsync(app, "status", "status-json", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("status-json", doc.RootElement.GetProperty("instanceId").GetString());
        Assert.Equal("plan", doc.RootElement.GetProperty("customStatus").GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Status_HistoryAndInputOptions_AskForThemAndShowThem()
    {
        app.Add("status-hist", "contoso", [new FakeStep("Completed", null, JsonValue("done"))]);

        var result = await CliRunner.RunAsync(app, "status", "status-hist", "--history", "--input");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(app.Requests, r => r.PathAndQuery.EndsWith("/status-hist?showHistory=true&showInput=true", StringComparison.Ordinal));
        Assert.Contains("ExecutionStarted", result.Out);
        Assert.Contains("\"briefId\": \"status-hist\"", result.Out);
    }

    [Fact]
    public async Task Status_FailedRun_ShowsTheReason()
    {
        app.Add("status-failed", "contoso", [FakeScripts.Failing()[1]]);

        var result = await CliRunner.RunAsync(app, "status", "status-failed");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("invalid-brief: durationSeconds must be between 1 and 60", result.Out);
    }

    [Fact]
    public async Task Status_UnknownInstance_Exits3()
    {
        var result = await CliRunner.RunAsync(app, "status", "no-such-run");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("'no-such-run' was not found", result.Err);
    }

    [Fact]
    public async Task Status_OtherTenantsInstance_Exits3()
    {
        app.Add("status-fabrikam", "fabrikam", [new FakeStep("Running")]);

        var result = await CliRunner.RunAsync(app, "status", "status-fabrikam");

        Assert.Equal(3, result.ExitCode);
    }

    private static System.Text.Json.Nodes.JsonNode JsonValue(string text) => System.Text.Json.Nodes.JsonValue.Create(text);
}
