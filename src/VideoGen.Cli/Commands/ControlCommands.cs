using System.CommandLine;

namespace VideoGen.Cli.Commands;

/// <summary><c>videogen terminate|suspend|resume &lt;id&gt; [--reason text]</c>.</summary>
internal static class ControlCommands
{
    public static Command Terminate(CliSession session) =>
        Create(session, "terminate", "Stop a run for good (it ends Terminated)", "terminated", "Terminate requested for");

    public static Command Suspend(CliSession session) =>
        Create(session, "suspend", "Pause a run; resume continues it", "suspended", "Suspend requested for");

    public static Command Resume(CliSession session) =>
        Create(session, "resume", "Continue a suspended run", "resumed", "Resume requested for");

    private static Command Create(CliSession session, string name, string description, string pastTense, string doneText)
    {
        var id = new Argument<string>("id") { Description = "Instance id" };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the run's history" };
        var command = new Command(name, description) { id, reason };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            var instance = parse.GetRequiredValue(id);
            await ctx.Client.ControlAsync(instance, name, parse.GetValue(reason), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new { instanceId = instance, operation = name, accepted = true });
            }
            else
            {
                ctx.Line($"{doneText} {instance}; it is {pastTense} once the run processes the request.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
