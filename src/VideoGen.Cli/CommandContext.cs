using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using VideoGen.Cli.Http;

namespace VideoGen.Cli;

/// <summary>What a running command needs: the resolved global options, output helpers and the API client.</summary>
internal sealed class CommandContext : IDisposable
{
    private readonly Lazy<VideoGenClient> _client;

    private CommandContext(CliEnvironment env, Uri endpoint, string? key, bool json)
    {
        Env = env;
        Endpoint = endpoint;
        Json = json;
        _client = new Lazy<VideoGenClient>(() => new VideoGenClient(endpoint, key, env.HttpHandler));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Output),
            Ansi = env.OutputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = env.OutputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = env.OutputIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!env.OutputIsTerminal)
        {
            Console.Profile.Width = 160;
        }
    }

    public CliEnvironment Env { get; }

    public Uri Endpoint { get; }

    /// <summary>--json: write JSON to stdout, nothing else.</summary>
    public bool Json { get; }

    /// <summary>Spectre console over <see cref="CliEnvironment.Output"/>.</summary>
    public IAnsiConsole Console { get; }

    public VideoGenClient Client => _client.Value;

    /// <summary>Resolves the global options (flags first, then environment variables, then defaults).</summary>
    public static CommandContext Create(ParseResult parse, GlobalOptions globals, CliEnvironment env)
    {
        var endpointText = NonEmpty(parse.GetValue(globals.Endpoint))
            ?? NonEmpty(env.GetEnvironmentVariable("VIDEOGEN_ENDPOINT"))
            ?? GlobalOptions.DefaultEndpoint;
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidInputException($"The endpoint '{endpointText}' is not an http:// or https:// URL.");
        }

        var key = NonEmpty(parse.GetValue(globals.Key)) ?? NonEmpty(env.GetEnvironmentVariable("VIDEOGEN_KEY"));
        return new CommandContext(env, endpoint, key, parse.GetValue(globals.Json));
    }

    /// <summary>Writes a line to stdout.</summary>
    public void Line(string text) => Env.Output.WriteLine(text);

    /// <summary>Writes a note or hint to stderr (kept off stdout so --json stays parseable).</summary>
    public void Note(string text) => Env.Error.WriteLine(text);

    /// <summary>Writes indented JSON to stdout.</summary>
    public void WriteJson(JsonElement value) => Env.Output.WriteLine(Http.Json.Pretty(value));

    /// <summary>Writes any serializable value as indented JSON to stdout.</summary>
    public void WriteJson<T>(T value) => Env.Output.WriteLine(JsonSerializer.Serialize(value, Http.Json.Indented));

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
