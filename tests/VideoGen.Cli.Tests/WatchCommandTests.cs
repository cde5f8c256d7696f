using System.Text.Json;
using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

public sealed class WatchCommandTests(FakeFunctionApp app) : IClassFixture<FakeFunctionApp>
{
    [Fact]
    public async Task Watch_RunCompletes_Exits0WithOneLinePerChangeAndTheOutput()
    {
        app.Add("watch-ok", "contoso", FakeScripts.Completing());

        var result = await CliRunner.RunAsync(app, "watch", "watch-ok", "--interval", "1ms");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "Pending",
                "Running  validate  5%",
                "Running  render-preview  40%  chunks 2/5  rendering chunks",
                "Running  assemble-preview  80%  chunks 5/5",
                "Completed  done  100%  chunks 5/5",
                "Run watch-ok Completed.",
            ],
            lines[..6]);
        Assert.Contains("published/contoso/b1/final.mp4", result.Out);
        Assert.Equal(string.Empty, result.Err);
    }

    [Fact]
    public async Task Watch_RunFails_Exits1WithTheReasonOnStderr()
    {
        app.Add("watch-fail", "contoso", FakeScripts.Failing());

        var result = await CliRunner.RunAsync(app, "watch", "watch-fail", "--interval", "1ms");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Running  validate  5%", result.Out);
        Assert.Contains("Run watch-fail Failed.", result.Out);
        Assert.Contains("invalid-brief: durationSeconds must be between 1 and 60", result.Err);
    }

    [Fact]
    public async Task Watch_RunTerminated_Exits1()
    {
        app.Add("watch-term", "contoso", [new FakeStep("Terminated", null, System.Text.Json.Nodes.JsonValue.Create("operator stop"))]);

        var result = await CliRunner.RunAsync(app, "watch", "watch-term", "--interval", "1ms");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("operator stop", result.Err);
    }

    [Fact]
    public async Task Watch_TimeoutElapses_Exits6AndNamesTheStage()
    {
        app.Add("watch-stuck", "contoso", FakeScripts.Stuck());

        var result = await CliRunner.RunAsync(app, "watch", "watch-stuck", "--interval", "1ms", "--timeout", "50ms");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("watch-stuck", result.Err);
        // Whether the first poll answered within 50 ms depends on the machine: either way the message says where the run was.
        Assert.True(result.Err.Contains("at stage approve", StringComparison.Ordinal) || result.Err.Contains("before its first status", StringComparison.Ordinal), result.Err);
    }

    [Fact]
    public async Task Watch_JsonOption_PrintsOnlyTheFinalStatus()
    {
        app.Add("watch-json", "contoso", FakeScripts.Completing());

        var result = await CliRunner.RunAsync(app, "watch", "watch-json", "--interval", "1ms", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("Completed", doc.RootElement.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Watch_OnATerminal_DrawsProgressAndExits0()
    {
        app.Add("watch-live", "contoso", FakeScripts.Completing());

        var result = await CliRunner.RunAsync(app.Endpoint, FakeFunctionApp.ContosoKey, terminal: true, "watch", "watch-live", "--interval", "1ms");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Run watch-live Completed.", result.Out);
    }

    [Fact]
    public async Task Watch_BadInterval_Exits2()
    {
        var result = await CliRunner.RunAsync(app, "watch", "x", "--interval", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a duration", result.Err);
    }

    [Fact]
    public async Task Watch_UnknownInstance_Exits3()
    {
        var result = await CliRunner.RunAsync(app, "watch", "nope", "--interval", "1ms");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("'nope'", result.Err);
    }
}
