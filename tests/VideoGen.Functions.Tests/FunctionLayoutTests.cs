using Json.Schema;
using VideoGen.DurableHost;
using VideoGen.Functions.Hosting;

namespace VideoGen.Functions.Tests;

/// <summary>
/// host.json is what the Functions host and the Durable extension expect of an isolated app, and it drives the local
/// host too: the durable engine settings are read from it, so both hosts run one configuration. Checked with a JSON
/// schema, not strings.
/// </summary>
public sealed class FunctionLayoutTests
{
    private static string HostJsonPath => Path.Combine(RepoRoot.Path, "host.json");

    // The subset of the host.json schema (schemastore "host.json", version 2.0) this app relies on: no custom handler
    // and no extension bundle (an isolated app brings its extensions as worker packages), the Durable extension's
    // Azure Storage settings, and the queue settings of GpuResults.
    private static readonly JsonSchema HostSchema = JsonSchema.FromText("""
    {
      "type": "object",
      "required": ["version", "extensions"],
      "not": { "anyOf": [ { "required": ["customHandler"] }, { "required": ["extensionBundle"] } ] },
      "properties": {
        "version": { "const": "2.0" },
        "functionTimeout": { "type": "string", "pattern": "^\\d{2}:\\d{2}:\\d{2}$" },
        "extensions": {
          "type": "object",
          "required": ["durableTask", "queues"],
          "properties": {
            "http": { "type": "object", "properties": { "routePrefix": { "const": "api" } } },
            "durableTask": {
              "type": "object",
              "required": ["hubName", "storageProvider"],
              "additionalProperties": false,
              "properties": {
                "hubName": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]{2,44}$" },
                "extendedSessionsEnabled": { "type": "boolean" },
                "extendedSessionIdleTimeoutInSeconds": { "type": "integer", "minimum": 1 },
                "maxConcurrentActivityFunctions": { "type": "integer", "minimum": 1 },
                "maxConcurrentOrchestratorFunctions": { "type": "integer", "minimum": 1 },
                "storageProvider": {
                  "type": "object",
                  "required": ["type"],
                  "additionalProperties": false,
                  "properties": {
                    "type": { "const": "AzureStorage" },
                    "connectionName": { "type": "string" },
                    "partitionCount": { "type": "integer", "minimum": 1, "maximum": 16 },
                    "maxQueuePollingInterval": { "type": "string", "pattern": "^\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$" },
                    "controlQueueBatchSize": { "type": "integer", "minimum": 1, "maximum": 32 },
                    "useTablePartitionManagement": { "type": "boolean" },
                    "controlQueueVisibilityTimeout": { "type": "string" },
                    "workItemQueueVisibilityTimeout": { "type": "string" }
                  }
                }
              }
            },
            "queues": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "batchSize": { "type": "integer", "minimum": 1, "maximum": 32 },
                "newBatchThreshold": { "type": "integer", "minimum": 0 },
                "maxPollingInterval": { "type": "string", "pattern": "^\\d{2}:\\d{2}:\\d{2}$" },
                "visibilityTimeout": { "type": "string", "pattern": "^\\d{2}:\\d{2}:\\d{2}$" },
                "maxDequeueCount": { "type": "integer", "minimum": 1 },
                "messageEncoding": { "enum": ["base64", "none"] }
              }
            }
          }
        }
      }
    }
    """);

    private static IEnumerable<string> Problems(EvaluationResults r) =>
        (r.Details is { Count: > 0 } d ? d : [r]).Where(n => !n.IsValid && n.Errors is not null)
            .SelectMany(n => n.Errors!.Select(e => $"{n.InstanceLocation}: {e.Key}: {e.Value}"));

    [Fact]
    public void HostJson_MatchesTheHostSchemaForAnIsolatedDurableApp()
    {
        EvaluationResults result = HostSchema.Evaluate(System.Text.Json.JsonDocument.Parse(File.ReadAllText(HostJsonPath)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", Problems(result)));
    }

    [Fact]
    public void HostJson_DurableSettings_AreWhatTheLocalHostRunsWith()
    {
        DurableHostOptions o = DurableHostOptions.FromHostJson(HostJsonPath);
        o.Validate();
        Assert.Equal(new FunctionAppOptions().HubName, o.HubName);
        var defaults = new DurableHostOptions();
        Assert.NotEqual(defaults.MaxQueuePollingInterval, o.MaxQueuePollingInterval); // read from the file, not defaulted
        Assert.True(o.ExtendedSessionsEnabled);
    }

    [Fact]
    public void HostJson_DurableSettings_ABrokenValueIsRefusedNamingTheSetting()
    {
        string path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "version": "2.0", "extensions": { "durableTask": { "hubName": "x", "storageProvider": { "partitionCount": 40 } } } }""");
        try
        {
            var ex = Assert.Throws<ArgumentException>(() => DurableHostOptions.FromHostJson(path).Validate());
            Assert.Contains("HubName", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FunctionTable_NamesAreUnique_AndTheBuildOutputCarriesHostJson()
    {
        var names = FunctionTable.Http.Select(f => f.Name).Concat(FunctionTable.Queues.Select(q => q.Name)).Concat(FunctionTable.Blobs.Select(b => b.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "host.json")));
    }
}
