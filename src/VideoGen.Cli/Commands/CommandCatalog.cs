using System.CommandLine;

namespace VideoGen.Cli.Commands;

/// <summary>
/// Every <c>videogen</c> subcommand, in help order. To add one (e.g. <c>verify</c>): write <c>Commands/VerifyCommand.cs</c>
/// with <c>public static Command Create(CliSession session)</c> (copy <see cref="PurgeCommand"/> for the shape: declare the
/// arguments and options, then <c>session.SetAction(...)</c>; throw a <see cref="CliException"/> subtype on failure), and
/// list it here. Nothing else needs to change.
/// </summary>
internal static class CommandCatalog
{
    public static readonly IReadOnlyList<Func<CliSession, Command>> All =
    [
        SubmitCommand.Create,
        StatusCommand.Create,
        WatchCommand.Create,
        ListCommand.Create,
        RaiseCommand.Create,
        ControlCommands.Terminate,
        ControlCommands.Suspend,
        ControlCommands.Resume,
        PurgeCommand.Create,
        DownloadCommand.Create,
        VerifyCommand.Create,
        PolicyCommand.Create,
    ];
}
