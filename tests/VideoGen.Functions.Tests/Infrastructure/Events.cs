using System.Text.Json.Nodes;

namespace VideoGen.Functions.Tests.Infrastructure;

/// <summary>Event bodies in the shapes Event Grid delivers (Event Grid schema and CloudEvents 1.0).</summary>
public static class Events
{
    public static JsonObject BlobCreatedEventGrid(string url, string etag, string? id = null) => new()
    {
        ["id"] = id ?? Guid.NewGuid().ToString(),
        ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
        ["subject"] = "/blobServices/default/containers/cms-uploads/blobs/x",
        ["eventType"] = "Microsoft.Storage.BlobCreated",
        ["eventTime"] = DateTimeOffset.UtcNow.ToString("O"),
        ["dataVersion"] = "",
        ["metadataVersion"] = "1",
        ["data"] = new JsonObject
        {
            ["api"] = "PutBlob",
            ["clientRequestId"] = Guid.NewGuid().ToString(),
            ["requestId"] = Guid.NewGuid().ToString(),
            ["eTag"] = etag,
            ["contentType"] = "application/json",
            ["contentLength"] = 100,
            ["blobType"] = "BlockBlob",
            ["url"] = url,
            ["sequencer"] = "00000000000000000000000000000001",
        },
    };

    public static JsonObject BlobCreatedCloudEvent(string url, string etag) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
        ["subject"] = "/blobServices/default/containers/cms-uploads/blobs/x",
        ["type"] = "Microsoft.Storage.BlobCreated",
        ["time"] = DateTimeOffset.UtcNow.ToString("O"),
        ["datacontenttype"] = "application/json",
        ["data"] = new JsonObject { ["api"] = "PutBlob", ["eTag"] = etag, ["url"] = url, ["sequencer"] = "01", ["blobType"] = "BlockBlob" },
    };

    public static JsonObject ValidationEvent(string code) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
        ["subject"] = "",
        ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
        ["eventTime"] = DateTimeOffset.UtcNow.ToString("O"),
        ["dataVersion"] = "2",
        ["metadataVersion"] = "1",
        ["data"] = new JsonObject { ["validationCode"] = code, ["validationUrl"] = "https://example.invalid/validate" },
    };
}
