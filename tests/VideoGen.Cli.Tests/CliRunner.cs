using VideoGen.Cli.Tests.Fakes;

namespace VideoGen.Cli.Tests;

/// <summary>What one in-process CLI run produced.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs <c>videogen</c> in-process with captured output and VIDEOGEN_ENDPOINT / VIDEOGEN_KEY set.</summary>
public static class CliRunner
{
    public static Task<CliResult> RunAsync(FakeFunctionApp app, params string[] args) =>
        RunAsync(app.Endpoint, FakeFunctionApp.ContosoKey, args);

    public static Task<CliResult> RunAsync(string? endpoint, string? key, params string[] args) =>
        RunAsync(endpoint, key, terminal: false, args);

    public static async Task<CliResult> RunAsync(string? endpoint, string? key, bool terminal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(output, error, name => name switch
        {
            "VIDEOGEN_ENDPOINT" => endpoint,
            "VIDEOGEN_KEY" => key,
            _ => null,
        })
        {
            OutputIsTerminal = terminal,
        };
        var code = await CliApp.RunAsync(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>A brief folder in a temp directory: brief.json plus a small PNG (real signature).</summary>
public sealed class TempBrief : IDisposable
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public TempBrief(string briefId = "b1", string? scenario = null, string productImage = "product.png", bool writeImage = true, string? briefJson = null)
    {
        Folder = Directory.CreateTempSubdirectory("videogen-cli-").FullName;
        var scenarioField = scenario is null ? string.Empty : $", \"scenario\": \"{scenario}\"";
        File.WriteAllText(BriefPath, briefJson ?? $$"""{"tenant": "contoso", "briefId": "{{briefId}}", "productImage": "{{productImage}}", "durationSeconds": 15{{scenarioField}}}""");
        if (writeImage)
        {
            File.WriteAllBytes(Path.Combine(Folder, productImage), Png);
        }

        ImagePath = Path.Combine(Folder, productImage);
    }

    public string Folder { get; }

    public string BriefPath => Path.Combine(Folder, "brief.json");

    public string ImagePath { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
