using System.CommandLine;

namespace VideoGen.Cli;

/// <summary>One invocation's shared pieces, handed to every command factory: the environment and the global options.</summary>
internal sealed class CliSession(CliEnvironment env)
{
    public CliEnvironment Env { get; } = env;

    public GlobalOptions Globals { get; } = new();

    /// <summary>
    /// Sets <paramref name="command"/>'s action: resolves the global options into a <see cref="CommandContext"/> and runs
    /// <paramref name="body"/>. Failures are thrown as <see cref="CliException"/> and mapped to exit codes by <see cref="CliApp"/>.
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            using var context = CommandContext.Create(parse, Globals, Env);
            return await body(parse, context, ct).ConfigureAwait(false);
        });
}
