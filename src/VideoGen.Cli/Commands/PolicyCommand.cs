using System.CommandLine;
using System.Text.Json;
using VideoGen.Cli.Http;

namespace VideoGen.Cli.Commands;

/// <summary>
/// <c>videogen policy show | set &lt;file&gt; | reset</c>: the key's tenant's prompt policy override
/// (document format: src/VideoGen.Pipeline/Policy/README.md). The server checks a document before storing it.
/// </summary>
internal static class PolicyCommand
{
    /// <summary>Largest document <c>set</c> sends (the server's limit).</summary>
    private const int MaxDocumentBytes = 1024 * 1024;

    public static Command Create(CliSession session)
    {
        var command = new Command("policy", "Show, set or reset your tenant's prompt policy override");

        Option<string> Tenant() => new("--tenant") { Description = "With the admin key: the tenant to act on (a tenant key acts on its own)" };
        var showTenant = Tenant();
        var show = new Command("show", "Show the effective prompt policy and the stored override") { showTenant };
        session.SetAction(show, async (parse, ctx, ct) =>
        {
            JsonElement body = await ctx.Client.GetPolicyAsync(parse.GetValue(showTenant), ct).ConfigureAwait(false);
            Write(ctx, body);
            if (!ctx.Json)
            {
                ctx.Line(Json.Property(body, "override") is { ValueKind: JsonValueKind.Object } o
                    ? $"Override: {Json.String(o, "version")} (videogen --json policy show prints it)"
                    : "Override: none (the default policy applies)");
            }

            return ExitCodes.Success;
        });

        var file = new Argument<string>("file") { Description = "The override document (JSON)" };
        var setTenant = Tenant();
        var set = new Command("set", "Check and store a prompt policy override for your tenant") { file, setTenant };
        session.SetAction(set, async (parse, ctx, ct) =>
        {
            string path = parse.GetRequiredValue(file);
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InvalidInputException($"The policy file '{path}' does not exist.");
            }

            if (info.Length > MaxDocumentBytes)
            {
                throw new InvalidInputException($"The policy file '{path}' is {info.Length} bytes; the limit is {MaxDocumentBytes}.");
            }

            byte[] document = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
            JsonElement body = await ctx.Client.SetPolicyAsync(document, parse.GetValue(setTenant), ct).ConfigureAwait(false);
            Write(ctx, body);
            return ExitCodes.Success;
        });

        var resetTenant = Tenant();
        var reset = new Command("reset", "Remove your tenant's override (the default policy applies again)") { resetTenant };
        session.SetAction(reset, async (parse, ctx, ct) =>
        {
            await ctx.Client.ResetPolicyAsync(parse.GetValue(resetTenant), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new { reset = true });
            }
            else
            {
                ctx.Line("Removed the override; the default policy applies.");
            }

            return ExitCodes.Success;
        });

        command.Subcommands.Add(show);
        command.Subcommands.Add(set);
        command.Subcommands.Add(reset);
        return command;
    }

    private static void Write(CommandContext ctx, JsonElement body)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(body);
            return;
        }

        ctx.Line($"Tenant {Json.String(body, "tenant")}: policy {Json.String(body, "effectiveVersion")}");
        if (Json.Property(body, "categories") is { ValueKind: JsonValueKind.Array } categories)
        {
            foreach (JsonElement c in categories.EnumerateArray())
            {
                string locked = Json.Property(c, "locked") is { ValueKind: JsonValueKind.True } ? ", locked" : "";
                ctx.Line($"  {Json.String(c, "id"),-20} {Json.String(c, "action"),-7} {Json.Number(c, "terms"),4} terms {Json.Number(c, "patterns"),3} patterns{locked}");
            }
        }
    }
}
