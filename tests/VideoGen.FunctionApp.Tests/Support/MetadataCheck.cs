using System.Text.Json.Nodes;
using VideoGen.Functions.Hosting;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.FunctionApp.Tests.Support;

/// <summary>
/// Compares a <c>functions.metadata</c> (the JSON array the Worker SDK generates: one object per function with
/// <c>name</c>, <c>scriptFile</c>, <c>language</c> and <c>bindings</c>) with the code: every HTTP, queue and blob
/// function of <see cref="FunctionTable"/>, every orchestrator and activity of <see cref="WorkflowRegistration"/>,
/// and nothing else. Each problem names the function and the field.
/// </summary>
public static class MetadataCheck
{
    /// <summary>The assembly every function must be in.</summary>
    public const string ScriptFile = "VideoGen.FunctionApp.dll";

    /// <summary>Every difference between <paramref name="metadata"/> and the code; empty when they agree.</summary>
    public static IReadOnlyList<string> Problems(JsonArray metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var problems = new List<string>();
        var byName = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonNode? node in metadata)
        {
            if (node is not JsonObject f || (string?)f["name"] is not { Length: > 0 } name)
            {
                problems.Add($"functions.metadata has an entry without a name: {node?.ToJsonString()}");
                continue;
            }

            if (!byName.TryAdd(name, f))
            {
                problems.Add($"{name}: listed more than once in functions.metadata");
            }
        }

        var expected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        JsonObject? Trigger(string name, string type)
        {
            expected.Add(name);
            if (!byName.TryGetValue(name, out JsonObject? f))
            {
                problems.Add($"{name}: missing from functions.metadata (expected {Article(type)} {type} function)");
                return null;
            }

            if ((string?)f["name"] != name)
            {
                problems.Add($"{name}: name is '{(string?)f["name"]}' in functions.metadata (case differs)");
            }

            if ((string?)f["scriptFile"] != ScriptFile)
            {
                problems.Add($"{name}: scriptFile is '{(string?)f["scriptFile"]}', expected '{ScriptFile}'");
            }

            if ((string?)f["language"] != "dotnet-isolated")
            {
                problems.Add($"{name}: language is '{(string?)f["language"]}', expected 'dotnet-isolated'");
            }

            var triggers = (f["bindings"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true).ToList();
            if (triggers.Count != 1)
            {
                problems.Add($"{name}: bindings has {triggers.Count} triggers ({string.Join(", ", triggers.Select(t => (string?)t["type"]))}), expected one {type}");
                return null;
            }

            if (!string.Equals((string?)triggers[0]["type"], type, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: trigger type is '{(string?)triggers[0]["type"]}', expected '{type}'");
                return null;
            }

            return triggers[0];
        }

        void Field(string name, JsonObject trigger, string field, string want)
        {
            string? got = (string?)trigger[field];
            if (got != want)
            {
                problems.Add($"{name}: {field} is '{got ?? "(absent)"}', expected '{want}'");
            }
        }

        foreach (HttpFunction h in FunctionTable.Http)
        {
            if (Trigger(h.Name, "httpTrigger") is not { } t)
            {
                continue;
            }

            Field(h.Name, t, "route", h.Route);
            var methods = (t["methods"] as JsonArray ?? []).Select(m => ((string?)m)?.ToLowerInvariant() ?? "").Order(StringComparer.Ordinal).ToList();
            var want = h.Methods.Select(m => m.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
            if (!methods.SequenceEqual(want))
            {
                problems.Add($"{h.Name}: methods are [{string.Join(", ", methods)}], expected [{string.Join(", ", want)}]");
            }
        }

        foreach (QueueFunction q in FunctionTable.Queues)
        {
            if (Trigger(q.Name, "queueTrigger") is { } t)
            {
                Field(q.Name, t, "queueName", q.QueueName);
                Field(q.Name, t, "connection", FunctionAppSetup.StorageSetting);
            }
        }

        foreach (BlobFunction b in FunctionTable.Blobs)
        {
            if (Trigger(b.Name, "blobTrigger") is { } t)
            {
                Field(b.Name, t, "path", b.Path);
                Field(b.Name, t, "source", "EventGrid");
                Field(b.Name, t, "connection", FunctionAppSetup.StorageSetting);
            }
        }

        foreach (Type o in WorkflowRegistration.Orchestrators)
        {
            Trigger(o.Name, "orchestrationTrigger");
        }

        foreach (Type a in WorkflowRegistration.Activities)
        {
            Trigger(a.Name, "activityTrigger");
        }

        foreach (string extra in byName.Keys.Where(n => !expected.Contains(n)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{extra}: in functions.metadata but in neither FunctionTable nor WorkflowRegistration (a wrapper without a table entry)");
        }

        return problems;
    }

    private static string Article(string word) => "aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "an" : "a";
}
