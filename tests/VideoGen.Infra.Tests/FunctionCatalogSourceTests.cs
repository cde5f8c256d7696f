using VideoGen.Infra.Tests.Support;

namespace VideoGen.Infra.Tests;

/// <summary>The one place the infra tests learn the app's functions from reads the generated metadata and the app's table alike.</summary>
public sealed class FunctionCatalogSourceTests
{
    /// <summary>The shape an isolated worker's build writes (trimmed to what the checks read).</summary>
    internal const string IsolatedMetadata = """
        [
          { "name": "OnBriefUploaded", "scriptFile": "VideoGen.Functions.dll", "entryPoint": "X.Run", "language": "dotnet-isolated",
            "bindings": [ { "name": "blob", "direction": "In", "type": "blobTrigger", "path": "cms-uploads/{name}", "source": "EventGrid", "connection": "AzureWebJobsStorage" } ] },
          { "name": "GpuResults", "bindings": [ { "name": "message", "direction": "In", "type": "queueTrigger", "queueName": "gpu-results" } ] },
          { "name": "BriefToPublish", "bindings": [ { "name": "context", "direction": "In", "type": "orchestrationTrigger" } ] },
          { "name": "Health", "bindings": [ { "name": "req", "direction": "In", "type": "httpTrigger", "route": "health" }, { "name": "$return", "direction": "Out", "type": "http" } ] }
        ]
        """;

    [Fact]
    public void Load_ReadsTheAppsFunctionsAndTheirTriggerQueues()
    {
        FunctionCatalog catalog = FunctionCatalogSource.Load();

        Assert.NotNull(catalog.Find("OnBriefUploaded"));
        Assert.Contains("gpu-results", catalog.QueueTriggerQueues);
        Assert.All(catalog.Functions, f => Assert.NotNull(f.Trigger));
    }

    [Fact]
    public void FromMetadata_ReadsNamesTriggersAndQueues()
    {
        FunctionCatalog catalog = FunctionCatalogSource.FromMetadata(IsolatedMetadata);

        Assert.Equal(["BriefToPublish", "GpuResults", "Health", "OnBriefUploaded"], catalog.Functions.Select(f => f.Name));
        Assert.Equal("blobTrigger", catalog.Find("OnBriefUploaded")!.TriggerType);
        Assert.Equal("EventGrid", (string?)catalog.Find("OnBriefUploaded")!.Trigger!["source"]);
        Assert.Equal(["gpu-results"], catalog.QueueTriggerQueues);
        Assert.Null(catalog.Find("onbriefuploaded"));
    }

    [Fact]
    public void FromFunctionTable_HasTheTablesTriggers_InTheMetadataShape()
    {
        FunctionCatalog catalog = FunctionCatalogSource.FromFunctionTable();

        Assert.Equal("httpTrigger", catalog.Find("Health")?.TriggerType);
        Assert.Equal(["gpu-results"], catalog.QueueTriggerQueues);
        Assert.Equal("EventGrid", (string?)catalog.Find("OnBriefUploaded")?.Trigger?["source"]);
    }

    [Fact]
    public void FromMetadata_NotAnArray_Throws() =>
        Assert.Throws<FormatException>(() => FunctionCatalogSource.FromMetadata("""{ "name": "x" }"""));
}
