using System.CommandLine;
using VideoGen.Cli.Briefs;
using VideoGen.Cli.Http;

namespace VideoGen.Cli.Commands;

/// <summary>
/// <c>videogen submit &lt;path&gt;... [--watch]</c>: uploads briefs. Each path is a brief folder (brief.json plus the image its
/// productImage names), or the paths are the files brief.json and (optionally) the image. Everything is checked locally
/// before anything is posted.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(CliSession session)
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "A brief folder (one or more), or brief.json followed by its image",
            Arity = ArgumentArity.OneOrMore,
        };
        var watch = new Option<bool>("--watch") { Description = "Watch the run after submitting (one brief only)" };
        var interval = WatchCommand.IntervalOption();
        var timeout = WatchCommand.TimeoutOption();
        var command = new Command("submit", "Upload a brief and its product image and start a run") { paths, watch, interval, timeout };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            var briefs = Resolve(parse.GetRequiredValue(paths));
            if (parse.GetValue(watch) && briefs.Count != 1)
            {
                throw new InvalidInputException("--watch follows one run; submit one brief at a time to watch it.");
            }

            var submitted = new List<CheckStatus>();
            foreach (var brief in briefs)
            {
                var result = await ctx.Client.SubmitBriefAsync(brief, ct).ConfigureAwait(false);
                submitted.Add(result);
                if (!ctx.Json)
                {
                    var label = brief.BriefId is null ? brief.BriefPath : $"brief '{brief.BriefId}'";
                    ctx.Line($"Submitted {label}: instance {result.Id}");
                    ctx.Line($"  status: {result.StatusQueryGetUri ?? "(not given)"}");
                }
            }

            if (parse.GetValue(watch))
            {
                // With --json the watcher prints the final status; the check-status payload goes to stderr for the record.
                if (ctx.Json)
                {
                    ctx.Note(Json.Pretty(submitted[0].Raw));
                }

                return await RunWatcher.WatchAsync(
                    ctx, submitted[0].Id, parse.GetValue(interval) ?? TimeSpan.FromSeconds(1), parse.GetValue(timeout), justSubmitted: true, ct)
                    .ConfigureAwait(false);
            }

            if (ctx.Json)
            {
                if (submitted.Count == 1)
                {
                    ctx.WriteJson(submitted[0].Raw);
                }
                else
                {
                    ctx.WriteJson(submitted.Select(s => s.Raw).ToArray());
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Loads every brief named by <paramref name="paths"/> before any upload, so a bad one posts nothing.</summary>
    private static List<BriefPackage> Resolve(string[] paths)
    {
        if (paths.All(Directory.Exists))
        {
            return [.. paths.Select(p => BriefPackage.Load(p, null))];
        }

        if (paths.Length == 1)
        {
            return [BriefPackage.Load(paths[0], null)];
        }

        if (paths.Length == 2 && !Directory.Exists(paths[0]) && !Directory.Exists(paths[1]))
        {
            var (brief, image) = paths[1].EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !paths[0].EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? (paths[1], paths[0])
                : (paths[0], paths[1]);
            return [BriefPackage.Load(brief, image)];
        }

        var missing = paths.FirstOrDefault(p => !Directory.Exists(p) && !File.Exists(p));
        throw new InvalidInputException(missing is not null
            ? $"'{missing}' is neither a brief folder nor a file."
            : "Give brief folders, or brief.json and its image: not a mix, and not more than two files.");
    }
}
