using System.CommandLine;

namespace VideoGen.Cli;

/// <summary>The options every command takes: --endpoint, --key, --json. Values fall back to VIDEOGEN_ENDPOINT / VIDEOGEN_KEY.</summary>
internal sealed class GlobalOptions
{
    /// <summary>Endpoint used when neither --endpoint nor VIDEOGEN_ENDPOINT is set (the local function app).</summary>
    public const string DefaultEndpoint = "http://127.0.0.1:7071";

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = $"Function app base URL [env: VIDEOGEN_ENDPOINT; default: {DefaultEndpoint}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Function key, sent as x-functions-key; it selects your tenant [env: VIDEOGEN_KEY]",
        HelpName = "key",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine-readable JSON on stdout instead of tables and progress",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Endpoint);
        root.Options.Add(Key);
        root.Options.Add(Json);
    }
}
