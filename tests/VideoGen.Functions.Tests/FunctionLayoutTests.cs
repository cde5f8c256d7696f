using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using VideoGen.Functions.Hosting;
using VideoGen.Functions.Invocation;
using VideoGen.Functions.Tests.Infrastructure;

namespace VideoGen.Functions.Tests;

/// <summary>
/// The function folders and host.json are what the Functions host expects for a custom handler, and they agree with
/// the code: every function.json has a handler, every handler a function.json; checked with JSON schemas, not strings.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionLayoutTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FunctionAppFactory _app = new(azurite, hostMode: true);

    private static string FunctionsRoot => Path.Combine(RepoRoot.Path, "functions");

    private static string HostJsonPath => Path.Combine(RepoRoot.Path, "host.json");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // The subset of the host.json schema (schemastore "host.json", version 2.0) that a custom handler app relies on.
    private static readonly JsonSchema HostSchema = JsonSchema.FromText("""
    {
      "type": "object",
      "required": ["version", "customHandler", "extensionBundle"],
      "properties": {
        "version": { "const": "2.0" },
        "functionTimeout": { "type": "string", "pattern": "^\\d{2}:\\d{2}:\\d{2}$" },
        "customHandler": {
          "type": "object",
          "required": ["description"],
          "additionalProperties": false,
          "properties": {
            "description": {
              "type": "object",
              "required": ["defaultExecutablePath"],
              "additionalProperties": false,
              "properties": {
                "defaultExecutablePath": { "type": "string", "minLength": 1 },
                "workingDirectory": { "type": "string" },
                "arguments": { "type": "array", "items": { "type": "string" } }
              }
            },
            "enableForwardingHttpRequest": { "type": "boolean" }
          }
        },
        "extensionBundle": {
          "type": "object",
          "required": ["id", "version"],
          "properties": { "id": { "const": "Microsoft.Azure.Functions.ExtensionBundle" }, "version": { "type": "string", "pattern": "^\\[" } }
        },
        "extensions": {
          "type": "object",
          "properties": {
            "http": { "type": "object", "properties": { "routePrefix": { "const": "api" } } },
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

    // function.json: one trigger among the bindings; per-type required fields as the host's binding metadata requires.
    private static readonly JsonSchema FunctionSchema = JsonSchema.FromText("""
    {
      "type": "object",
      "required": ["bindings"],
      "properties": {
        "bindings": {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "object",
            "required": ["type", "direction", "name"],
            "properties": {
              "type": { "enum": ["queueTrigger", "eventGridTrigger", "httpTrigger", "http"] },
              "direction": { "enum": ["in", "out"] },
              "name": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$" }
            },
            "allOf": [
              { "if": { "properties": { "type": { "const": "queueTrigger" } } }, "then": { "required": ["queueName", "connection"], "properties": { "direction": { "const": "in" }, "queueName": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$" } } } },
              { "if": { "properties": { "type": { "const": "httpTrigger" } } }, "then": { "required": ["methods", "route", "authLevel"], "properties": { "direction": { "const": "in" }, "authLevel": { "enum": ["anonymous", "function", "admin"] }, "methods": { "type": "array", "minItems": 1, "items": { "enum": ["get", "post", "put", "delete", "options", "patch", "head"] } } } } },
              { "if": { "properties": { "type": { "const": "http" } } }, "then": { "properties": { "direction": { "const": "out" } } } }
            ]
          }
        }
      }
    }
    """);

    private static IEnumerable<string> Problems(EvaluationResults r) =>
        (r.Details is { Count: > 0 } d ? d : [r]).Where(n => !n.IsValid && n.Errors is not null)
            .SelectMany(n => n.Errors!.Select(e => $"{n.InstanceLocation}: {e.Key}: {e.Value}"));

    [Fact]
    public void HostJson_MatchesTheHostSchemaForCustomHandlers()
    {
        EvaluationResults result = HostSchema.Evaluate(System.Text.Json.JsonDocument.Parse(File.ReadAllText(HostJsonPath)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", Problems(result)));
        HostQueueSettings queues = HostQueueSettings.Load(HostJsonPath);
        Assert.True(queues.MaxDequeueCount > new Durable.DurableTaskOptions().MaxDequeueCount, "the engine must poison (with a reason) before the host does");
    }

    [Fact]
    public void EveryFunctionJson_MatchesTheSchemaAndHasExactlyOneTrigger()
    {
        IReadOnlyList<FunctionDefinition> functions = FunctionDefinitions.Load(FunctionsRoot);
        Assert.NotEmpty(functions);
        foreach (FunctionDefinition f in functions)
        {
            string file = Path.Combine(FunctionsRoot, f.Name, "function.json");
            EvaluationResults result = FunctionSchema.Evaluate(System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{file}: " + string.Join("; ", Problems(result)));
            Assert.Single(f.Bindings, b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EveryFunctionJson_HasAHandler_AndEveryHandlerAFunctionJson()
    {
        var catalog = _app.Services.GetRequiredService<FunctionCatalog>();
        IReadOnlyList<FunctionDefinition> functions = FunctionDefinitions.Load(FunctionsRoot);
        var folders = functions.Select(f => f.Name).Order().ToList();
        var code = catalog.Handlers.Select(h => h.Name).Concat(FunctionCatalog.HttpFunctions.Select(h => h.Name)).Order().ToList();

        Assert.Equal(code, folders);
        foreach (FunctionDefinition f in functions.Where(f => f.Trigger.Type == "httpTrigger"))
        {
            HttpFunction http = FunctionCatalog.HttpFunctions.Single(h => h.Name == f.Name);
            Assert.Equal(http.Route, f.Trigger.Route);
            Assert.Equal(http.Methods, f.Trigger.Methods);
            Assert.Contains(f.Bindings, b => b.Type == "http" && b.Name == HttpTriggerBinding.ResponseBinding);
            Assert.Equal(HttpTriggerBinding.RequestBinding, f.Trigger.Name);
        }

        foreach (FunctionDefinition f in functions.Where(f => f.Trigger.Type == "queueTrigger"))
        {
            Assert.Equal(Triggers.QueueTrigger.BindingName, f.Trigger.Name);
            Assert.Equal(FunctionAppSetup.StorageSetting, f.Trigger.Connection);
        }
    }

    [Fact]
    public void DurableFunctionJsonQueues_AreTheDefaultHubsQueues()
    {
        var bridge = new VideoGen.Functions.Hosting.DurableFunctionHandlers(_app.Services.GetRequiredService<Durable.Worker.QueueTriggerBridge>());
        IReadOnlyList<FunctionDefinition> functions = FunctionDefinitions.Load(FunctionsRoot);
        string defaultHub = new FunctionAppOptions().HubName.ToLowerInvariant();
        foreach (Triggers.DurableQueueFunction d in bridge.All)
        {
            string expected = d.QueueName.Replace(_app.HubName.ToLowerInvariant(), defaultHub, StringComparison.Ordinal);
            Assert.Equal(expected, functions.Single(f => f.Name == d.Name).Trigger.QueueName);
        }
    }

    [Fact]
    public void BuildOutput_CarriesHostJsonAndTheFunctionFolders()
    {
        var built = FunctionDefinitions.Load(FunctionDefinitions.DefaultRoot).Select(f => f.Name).Order();
        var source = FunctionDefinitions.Load(FunctionsRoot).Select(f => f.Name).Order();
        Assert.Equal(source, built);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "host.json")));
    }
}
