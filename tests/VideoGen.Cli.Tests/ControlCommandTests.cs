using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

public sealed class ControlCommandTests(FakeFunctionApp app) : IClassFixture<FakeFunctionApp>
{
    [Fact]
    public async Task Terminate_WithReason_SendsItAndTheRunEndsTerminated()
    {
        var instance = app.Add("term-1", "contoso", FakeScripts.Stuck());

        var result = await CliRunner.RunAsync(app, "terminate", "term-1", "--reason", "wrong product & photo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["terminate:wrong product & photo"], instance.Operations);
        Assert.Contains(app.Requests, r => r.PathAndQuery.EndsWith("/term-1/terminate?reason=wrong%20product%20%26%20photo", StringComparison.Ordinal));
        var watch = await CliRunner.RunAsync(app, "watch", "term-1", "--interval", "1ms");
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains("wrong product & photo", watch.Err);
    }

    [Fact]
    public async Task SuspendThenResume_SendsBothOperations()
    {
        var instance = app.Add("susp-1", "contoso", FakeScripts.Stuck());

        var suspend = await CliRunner.RunAsync(app, "suspend", "susp-1");
        var resume = await CliRunner.RunAsync(app, "resume", "susp-1", "--reason", "approved");

        Assert.Equal((0, 0), (suspend.ExitCode, resume.ExitCode));
        Assert.Equal(["suspend:", "resume:approved"], instance.Operations);
    }

    [Fact]
    public async Task Purge_KnownInstance_RemovesIt()
    {
        app.Add("purge-1", "contoso", [new FakeStep("Completed")]);

        var result = await CliRunner.RunAsync(app, "purge", "purge-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(app.Instances.ContainsKey("purge-1"));
    }

    [Fact]
    public async Task Purge_UnknownInstance_Exits3()
    {
        var result = await CliRunner.RunAsync(app, "purge", "purge-none");

        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task Terminate_UnknownInstance_Exits3()
    {
        var result = await CliRunner.RunAsync(app, "terminate", "term-none");

        Assert.Equal(3, result.ExitCode);
    }
}
