using System.CommandLine;
using VideoGen.Cli.Http;
using VideoGen.Cli.Output;

namespace VideoGen.Cli.Commands;

/// <summary><c>videogen list [--status ...] [--prefix] [--from] [--to] [--top] [--all]</c>: this tenant's runs.</summary>
internal static class ListCommand
{
    private static readonly string[] KnownStatuses = ["Pending", "Running", "Completed", "Failed", "Terminated", "Suspended"];

    public static Command Create(CliSession session)
    {
        var status = new Option<string[]>("--status")
        {
            Description = $"Only these runtime statuses ({string.Join(", ", KnownStatuses)}); repeat or comma-separate",
            AllowMultipleArgumentsPerToken = true,
        };
        var prefix = new Option<string?>("--prefix") { Description = "Only instance ids starting with this" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only runs created at or after this time (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only runs created at or before this time (ISO 8601)" };
        var top = new Option<int?>("--top") { Description = "Page size (server default when omitted)" };
        var all = new Option<bool>("--all") { Description = "Follow continuation tokens and list every page" };
        var command = new Command("list", "List runs, newest pages first as the server orders them") { status, prefix, from, to, top, all };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            if (parse.GetValue(top) is <= 0)
            {
                throw new InvalidInputException("--top must be a positive number.");
            }

            var query = new InstanceQuery(
                NormalizeStatuses(parse.GetValue(status) ?? []), parse.GetValue(prefix), parse.GetValue(from), parse.GetValue(to), parse.GetValue(top));
            var instances = new List<InstanceStatus>();
            string? token = null;
            do
            {
                var page = await ctx.Client.ListPageAsync(query, token, ct).ConfigureAwait(false);
                instances.AddRange(page.Instances);
                token = page.ContinuationToken;
            }
            while (token is not null && parse.GetValue(all));

            if (ctx.Json)
            {
                ctx.WriteJson(instances.Select(i => i.Raw).ToArray());
            }
            else if (instances.Count == 0)
            {
                ctx.Line("No runs match.");
            }
            else
            {
                ctx.Console.Write(StatusView.List(instances));
            }

            if (token is not null)
            {
                ctx.Note("More runs exist; pass --all to list every page.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static List<string> NormalizeStatuses(IEnumerable<string> values)
    {
        var result = new List<string>();
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var known = KnownStatuses.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputException($"Unknown status '{value}': use {string.Join(", ", KnownStatuses)}.");
            if (!result.Contains(known))
            {
                result.Add(known);
            }
        }

        return result;
    }
}
