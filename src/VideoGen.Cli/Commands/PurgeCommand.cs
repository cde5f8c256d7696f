using System.CommandLine;

namespace VideoGen.Cli.Commands;

/// <summary><c>videogen purge &lt;id&gt;</c>: deletes a run's history and state.</summary>
internal static class PurgeCommand
{
    public static Command Create(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "Instance id" };
        var command = new Command("purge", "Delete a run's history and state") { id };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            var instance = parse.GetRequiredValue(id);
            await ctx.Client.PurgeAsync(instance, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new { instanceId = instance, purged = true });
            }
            else
            {
                ctx.Line($"Purged {instance}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
