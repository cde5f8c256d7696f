using System.CommandLine;
using System.CommandLine.Invocation;
using VideoGen.Cli.Commands;

namespace VideoGen.Cli;

/// <summary>The <c>videogen</c> command line: builds the command tree, runs it, and maps failures to exit codes (here only).</summary>
public static class CliApp
{
    /// <summary>Runs <c>videogen</c> with <paramref name="args"/> in <paramref name="env"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        var root = BuildRootCommand(new CliSession(env));
        // No response files: '@file' belongs to raise --data, not to the parser.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await env.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await env.Error.WriteLineAsync("Run 'videogen --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var config = new InvocationConfiguration
        {
            Output = env.Output,
            Error = env.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = env.HandlesInterrupts ? TimeSpan.FromSeconds(2) : null,
        };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await env.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("Interrupted.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            // Not an expected failure: a bug. Say so and keep the details for the report.
            await env.Error.WriteLineAsync($"videogen failed unexpectedly (this is a bug; please report it): {ex}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    private static RootCommand BuildRootCommand(CliSession session)
    {
        var root = new RootCommand(
            "videogen: submit VideoGen briefs and watch, inspect and control their runs on the function app.\n\n" + ExitCodes.HelpText);
        session.Globals.AddTo(root);
        foreach (var create in CommandCatalog.All)
        {
            root.Subcommands.Add(create(session));
        }

        return root;
    }
}
