using System.CommandLine;

namespace VideoGen.Cli.Commands;

/// <summary><c>videogen download &lt;id&gt; [--out dir]</c>: saves a published run's video, thumbnail and manifest.</summary>
internal static class DownloadCommand
{
    private static readonly string[] Files = ["video.mp4", "thumbnail.jpg", "manifest.json"];

    public static Command Create(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "Instance id of a published run" };
        var output = new Option<string>("--out") { Description = "Folder to write video.mp4, thumbnail.jpg and manifest.json to (default: current folder)" };
        var command = new Command("download", "Save a published run's video, thumbnail and provenance manifest") { id, output };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            string instance = parse.GetRequiredValue(id);
            string folder = Path.GetFullPath(parse.GetValue(output) ?? ".");
            Directory.CreateDirectory(folder);
            var written = new List<string>();
            foreach (string file in Files)
            {
                byte[] bytes = await ctx.Client.DownloadPublishedAsync(instance, file, ct).ConfigureAwait(false);
                string path = Path.Combine(folder, file);
                await File.WriteAllBytesAsync(path, bytes, ct).ConfigureAwait(false);
                written.Add(path);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new { instanceId = instance, files = written });
            }
            else
            {
                foreach (string path in written)
                {
                    ctx.Line($"Wrote {path}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
