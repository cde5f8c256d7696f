using System.CommandLine;
using VideoGen.Cli.Http;
using VideoGen.Cli.Output;

namespace VideoGen.Cli.Commands;

/// <summary><c>videogen status &lt;id&gt; [--history] [--input]</c>: one instance's status as a table, or raw JSON with --json.</summary>
internal static class StatusCommand
{
    public static Command Create(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "Instance id" };
        var history = new Option<bool>("--history") { Description = "Include the orchestration history" };
        var input = new Option<bool>("--input") { Description = "Include the run's input" };
        var command = new Command("status", "Show a run's status, stage and progress") { id, history, input };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            var status = await ctx.Client.GetStatusAsync(parse.GetRequiredValue(id), parse.GetValue(history), parse.GetValue(input), ct)
                .ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(status.Raw);
                return ExitCodes.Success;
            }

            ctx.Console.Write(StatusView.Summary(status));
            if (parse.GetValue(input) && status.Input is { } inputJson)
            {
                ctx.Line("Input:");
                ctx.Line(Json.Pretty(inputJson));
            }

            if (parse.GetValue(history))
            {
                ctx.Console.Write(StatusView.History(status.HistoryEvents));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
