using VideoGen.Contracts;
using VideoGen.Contracts.Gpu;

namespace VideoGen.Functions.Hosting;

/// <summary>An HTTP-triggered function: served at <c>/api/{Route}</c>.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Route">The route template after <c>/api/</c>.</param>
/// <param name="Methods">The HTTP methods, lower case.</param>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods);

/// <summary>A queue-triggered function.</summary>
/// <param name="Name">The function name.</param>
/// <param name="QueueName">The queue it is triggered by (default settings).</param>
public sealed record QueueFunction(string Name, string QueueName);

/// <summary>A blob-triggered function whose events come from Event Grid (<c>Source = BlobTriggerSource.EventGrid</c>).</summary>
/// <param name="Name">The function name.</param>
/// <param name="Path">The blob path pattern, <c>{container}/{name}</c>.</param>
public sealed record BlobFunction(string Name, string Path);

/// <summary>
/// Every function of the app, in one table: the local host maps its routes and polls its queues from it, and a test
/// checks it against the <c>functions.metadata</c> that <c>dotnet publish</c> of the isolated function app generates,
/// so the two hosts cannot drift apart. Orchestrations and activities are the workflow's classes
/// (<c>WorkflowRegistration</c>).
/// </summary>
public static class FunctionTable
{
    /// <summary>The HTTP functions (routes relative to <c>/api/</c>).</summary>
    public static IReadOnlyList<HttpFunction> Http { get; } =
    [
        new("SubmitBrief", "briefs", ["post"]),
        new("EventGridWebhook", "events", ["post", "options"]),
        new("GetInstances", "durabletask/instances/{instanceId?}", ["get", "delete"]),
        new("InstanceOperation", "durabletask/instances/{instanceId}/{operation}/{eventName?}", ["post"]),
        new("Health", "health", ["get"]),
        new("Approvals", "approvals/{action?}", ["get", "post"]),
        new("ProvenanceKeys", "provenance/keys", ["get"]),
        new("PublishedOutputs", "runs/{instanceId}/published/{file}", ["get"]),
        new("TenantPolicy", Api.TenantPolicyApi.Route, ["get", "put", "delete"]),
    ];

    /// <summary>The queue-triggered functions.</summary>
    public static IReadOnlyList<QueueFunction> Queues { get; } = [new(Triggers.GpuResultsFunction.FunctionName, GpuQueues.Results)];

    /// <summary>The Event-Grid-sourced blob triggers.</summary>
    public static IReadOnlyList<BlobFunction> Blobs { get; } = [new(Triggers.OnBriefUploadedFunction.FunctionName, BlobLayout.CmsUploadsContainer + "/{name}")];
}
