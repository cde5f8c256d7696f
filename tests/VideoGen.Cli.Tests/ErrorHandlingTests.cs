using System.Net;
using System.Net.Sockets;
using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

public sealed class ErrorHandlingTests(FakeFunctionApp app) : IClassFixture<FakeFunctionApp>
{
    [Fact]
    public async Task AnyCommand_WrongKey_Exits4()
    {
        var result = await CliRunner.RunAsync(app.Endpoint, "not-a-key", "status", "x");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("refused the key", result.Err);
    }

    [Fact]
    public async Task AnyCommand_NoKey_Exits4AndSaysHowToSetOne()
    {
        var result = await CliRunner.RunAsync(app.Endpoint, null, "list");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("VIDEOGEN_KEY", result.Err);
    }

    [Fact]
    public async Task KeyOption_OverridesTheEnvironment()
    {
        app.Add("key-flag", "fabrikam", [new FakeStep("Running")]);

        var result = await CliRunner.RunAsync(app.Endpoint, "not-a-key", "status", "key-flag", "--key", FakeFunctionApp.FabrikamKey);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task AnyCommand_ConnectionRefused_Exits5NamingTheEndpoint()
    {
        var endpoint = $"http://127.0.0.1:{FreePort()}";

        var result = await CliRunner.RunAsync((string?)null, FakeFunctionApp.ContosoKey, "status", "x", "--endpoint", endpoint);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains(endpoint, result.Err);
        Assert.Contains("connection refused", result.Err);
        Assert.Contains("./run.sh", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public async Task Status_ServerError_Exits5WithTheServersMessage()
    {
        var result = await CliRunner.RunAsync(app, "status", "server-error");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("HTTP 500", result.Err);
        Assert.Contains("internal: The store is unavailable", result.Err);
    }

    [Fact]
    public async Task Status_ResponseOver16MiB_Exits5()
    {
        var result = await CliRunner.RunAsync(app, "status", "huge");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("16 MiB", result.Err);
    }

    [Fact]
    public async Task AnyCommand_EndpointNotAUrl_Exits2()
    {
        var result = await CliRunner.RunAsync("ftp:/nope", FakeFunctionApp.ContosoKey, "status", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ftp:/nope", result.Err);
    }

    [Fact]
    public async Task Parse_UnknownCommand_Exits2()
    {
        var result = await CliRunner.RunAsync(app, "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Err);
    }

    [Fact]
    public async Task Parse_MissingArgument_Exits2()
    {
        var result = await CliRunner.RunAsync(app, "raise", "only-id");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Help_ListsCommandsAndExitCodes()
    {
        var result = await CliRunner.RunAsync(app, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "submit", "status", "watch", "list", "raise", "terminate", "suspend", "resume", "purge" })
        {
            Assert.Contains(command, result.Out);
        }

        Assert.Contains("6  watch timed out", result.Out);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
