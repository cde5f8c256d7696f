using System.CommandLine;
using System.Text.Json;

namespace VideoGen.Cli.Commands;

/// <summary><c>videogen raise &lt;id&gt; &lt;eventName&gt; [--data &lt;json&gt; | --data @file.json]</c>: sends an external event to a run.</summary>
internal static class RaiseCommand
{
    /// <summary>Largest event payload read from a file.</summary>
    private const int MaxDataBytes = 1024 * 1024;

    public static Command Create(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "Instance id" };
        var eventName = new Argument<string>("eventName") { Description = "Event name, e.g. ApprovalDecision" };
        var data = new Option<string?>("--data") { Description = "Event payload: inline JSON, or @path to a JSON file (default: null)", HelpName = "json|@file" };
        var command = new Command("raise", "Raise an external event on a run") { id, eventName, data };
        session.SetAction(command, async (parse, ctx, ct) =>
        {
            var name = parse.GetRequiredValue(eventName);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidInputException("The event name is empty.");
            }

            var payload = ReadPayload(parse.GetValue(data));
            var instance = parse.GetRequiredValue(id);
            await ctx.Client.RaiseEventAsync(instance, name, payload, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new { instanceId = instance, eventName = name, accepted = true });
            }
            else
            {
                ctx.Line($"Raised '{name}' on {instance}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JSON text to send, checked locally.</summary>
    private static string ReadPayload(string? data)
    {
        if (data is null)
        {
            return "null";
        }

        var source = "--data";
        if (data.StartsWith('@'))
        {
            var path = data[1..];
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InvalidInputException($"The data file '{path}' does not exist.");
            }

            if (info.Length > MaxDataBytes)
            {
                throw new InvalidInputException($"The data file '{path}' is {info.Length:N0} bytes; the limit is 1 MiB.");
            }

            try
            {
                data = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"The data file '{path}' cannot be read: {ex.Message}", ex);
            }

            source = $"The data file '{path}'";
        }

        try
        {
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.GetRawText();
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{source} is not valid JSON: {ex.Message}", ex);
        }
    }
}
