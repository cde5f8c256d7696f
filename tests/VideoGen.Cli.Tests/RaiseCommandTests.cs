using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

public sealed class RaiseCommandTests(FakeFunctionApp app) : IClassFixture<FakeFunctionApp>
{
    [Fact]
    public async Task Raise_InlineData_SendsTheEventBody()
    {
        var instance = app.Add("raise-inline", "contoso", FakeScripts.Stuck());

        var result = await CliRunner.RunAsync(app, "raise", "raise-inline", "ApprovalDecision", "--data", """{"approved": true}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        var (name, json) = Assert.Single(instance.RaisedEvents);
        Assert.Equal("ApprovalDecision", name);
        Assert.Equal("""{"approved": true}""", json);
    }

    [Fact]
    public async Task Raise_FileData_SendsTheFileContents()
    {
        var instance = app.Add("raise-file", "contoso", FakeScripts.Stuck());
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """{"approved": false, "feedback": "brighter"}""");
        try
        {
            var result = await CliRunner.RunAsync(app, "raise", "raise-file", "ApprovalDecision", "--data", "@" + path);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("brighter", Assert.Single(instance.RaisedEvents).Json);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Raise_NoData_SendsNull()
    {
        var instance = app.Add("raise-null", "contoso", FakeScripts.Stuck());

        var result = await CliRunner.RunAsync(app, "raise", "raise-null", "Nudge");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("null", Assert.Single(instance.RaisedEvents).Json);
    }

    [Fact]
    public async Task Raise_InvalidJson_Exits2AndSendsNothing()
    {
        var instance = app.Add("raise-bad", "contoso", FakeScripts.Stuck());

        var result = await CliRunner.RunAsync(app, "raise", "raise-bad", "ApprovalDecision", "--data", "{approved");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid JSON", result.Err);
        Assert.Empty(instance.RaisedEvents);
    }

    [Fact]
    public async Task Raise_MissingDataFile_Exits2()
    {
        app.Add("raise-nofile", "contoso", FakeScripts.Stuck());

        var result = await CliRunner.RunAsync(app, "raise", "raise-nofile", "E", "--data", "@/no/such/file.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/no/such/file.json", result.Err);
    }

    [Fact]
    public async Task Raise_FinishedRun_Exits2WithTheServersReason()
    {
        app.Add("raise-done", "contoso", [new FakeStep("Completed")]);

        var result = await CliRunner.RunAsync(app, "raise", "raise-done", "ApprovalDecision", "--data", "true");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("instance-ended", result.Err);
    }

    [Fact]
    public async Task Raise_UnknownInstance_Exits3()
    {
        var result = await CliRunner.RunAsync(app, "raise", "raise-missing", "E");

        Assert.Equal(3, result.ExitCode);
    }
}
