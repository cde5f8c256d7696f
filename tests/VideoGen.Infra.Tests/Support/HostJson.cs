using System.Text.Json.Nodes;

namespace VideoGen.Infra.Tests.Support;

/// <summary>
/// The Durable Task settings of the repository's host.json (<c>extensions.durableTask</c>), which the Durable
/// extension reads in Azure; the deployment's app settings must agree with them. Absent values are the extension's
/// documented defaults.
/// </summary>
public static class HostJson
{
    private static readonly Lazy<JsonNode?> DurableTask = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "host.json")))?["extensions"]?["durableTask"]);

    /// <summary><c>durableTask.hubName</c>, or null when host.json does not name the task hub.</summary>
    public static string? DurableHubName => (string?)DurableTask.Value?["hubName"];

    /// <summary><c>durableTask.storageProvider.partitionCount</c>; 4, the Azure Storage provider's default, when absent.</summary>
    public static int DurablePartitionCount => (int?)DurableTask.Value?["storageProvider"]?["partitionCount"] ?? 4;

    /// <summary>
    /// The connection the Durable extension's Azure Storage provider uses
    /// (<c>storageProvider.connectionName</c>, formerly <c>connectionStringName</c>); AzureWebJobsStorage when absent.
    /// </summary>
    public static string DurableConnectionName =>
        (string?)DurableTask.Value?["storageProvider"]?["connectionName"]
        ?? (string?)DurableTask.Value?["storageProvider"]?["connectionStringName"]
        ?? "AzureWebJobsStorage";
}
