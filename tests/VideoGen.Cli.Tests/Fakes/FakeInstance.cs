using System.Text.Json.Nodes;

namespace VideoGen.Cli.Tests.Fakes;

/// <summary>One scripted step of a fake run: what a status poll answers.</summary>
public sealed record FakeStep(string RuntimeStatus, JsonNode? CustomStatus = null, JsonNode? Output = null);

/// <summary>An instance in the fake function app. Each status poll answers the current step, then advances one step.</summary>
public sealed class FakeInstance(string id, string tenant, IReadOnlyList<FakeStep> script, DateTimeOffset created)
{
    private readonly List<FakeStep> _script = [.. script];
    private int _position;

    public string Id { get; } = id;

    public string Tenant { get; } = tenant;

    public DateTimeOffset Created { get; } = created;

    public JsonNode? Input { get; init; }

    public List<(string Name, string Json)> RaisedEvents { get; } = [];

    public List<string> Operations { get; } = [];

    public FakeStep Current => _script[_position];

    public bool IsTerminal => Current.RuntimeStatus is "Completed" or "Failed" or "Terminated";

    /// <summary>Answers a poll: the current step, then moves on (the last step repeats).</summary>
    public FakeStep Poll()
    {
        var step = Current;
        if (_position < _script.Count - 1)
        {
            _position++;
        }

        return step;
    }

    /// <summary>Replaces the rest of the script with one step.</summary>
    public void Force(FakeStep step)
    {
        _script.Clear();
        _script.Add(step);
        _position = 0;
    }

    public JsonObject ToJson(FakeStep step, bool showInput, bool showHistory)
    {
        var json = new JsonObject
        {
            ["name"] = "BriefToPublish",
            ["instanceId"] = Id,
            ["runtimeStatus"] = step.RuntimeStatus,
            ["input"] = showInput ? Input?.DeepClone() : null,
            ["customStatus"] = step.CustomStatus?.DeepClone(),
            ["output"] = step.Output?.DeepClone(),
            ["createdTime"] = Created.ToString("O"),
            ["lastUpdatedTime"] = Created.AddSeconds(_position).ToString("O"),
        };
        if (showHistory)
        {
            json["historyEvents"] = new JsonArray(
                new JsonObject { ["EventType"] = "ExecutionStarted", ["Timestamp"] = Created.ToString("O"), ["FunctionName"] = "BriefToPublish" },
                new JsonObject { ["EventType"] = "TaskCompleted", ["Timestamp"] = Created.AddSeconds(1).ToString("O"), ["FunctionName"] = "ValidateBrief" });
        }

        return json;
    }
}

/// <summary>The scripts the fake app runs, chosen by the brief's <c>scenario</c> field.</summary>
public static class FakeScripts
{
    public static IReadOnlyList<FakeStep> Completing() =>
    [
        new("Pending"),
        new("Running", Progress("validate", 5)),
        new("Running", Progress("render-preview", 40, 2, 5, "rendering chunks")),
        new("Running", Progress("render-preview", 40, 2, 5, "rendering chunks")),
        new("Running", Progress("assemble-preview", 80, 5, 5)),
        new("Completed", Progress("done", 100, 5, 5), new JsonObject { ["video"] = "published/contoso/b1/final.mp4" }),
    ];

    public static IReadOnlyList<FakeStep> Failing() =>
    [
        new("Running", Progress("validate", 5)),
        new("Failed", Progress("failed", 5), new JsonObject { ["error"] = "invalid-brief", ["message"] = "durationSeconds must be between 1 and 60" }),
    ];

    public static IReadOnlyList<FakeStep> Stuck() => [new("Running", Progress("approve", 90, 5, 5, "waiting for approval"))];

    public static IReadOnlyList<FakeStep> For(string? scenario) => scenario switch
    {
        "fail" => Failing(),
        "stuck" => Stuck(),
        _ => Completing(),
    };

    public static JsonObject Progress(string stage, int percent, int? done = null, int? total = null, string? message = null)
    {
        var o = new JsonObject { ["stage"] = stage, ["percent"] = percent };
        if (done is not null)
        {
            o["chunksDone"] = done;
            o["chunksTotal"] = total;
        }

        if (message is not null)
        {
            o["message"] = message;
        }

        return o;
    }
}
