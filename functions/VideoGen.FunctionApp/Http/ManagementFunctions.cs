using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using VideoGen.Functions.Api;
using VideoGen.Functions.Hosting;
using VideoGen.Pipeline.Policy;

namespace VideoGen.FunctionApp.Http;

/// <summary>
/// The tenant-scoped management API: instances (Durable Functions' HTTP API shape), published outputs and the
/// tenant's prompt policy. Anonymous towards the host: every handler authenticates the <c>x-functions-key</c> itself,
/// because the key decides the tenant (issue 10 revisits the host-level auth level).
/// </summary>
public sealed class ManagementFunctions(ApiKeys keys, BlobServiceClient blobs, TenantPolicyStore policies, IOptions<FunctionAppOptions> options)
{
    /// <summary><c>GET /api/durabletask/instances[/{instanceId}]</c>, <c>DELETE .../{instanceId}</c> → <see cref="InstancesApi.GetInstancesAsync"/>.</summary>
    [Function(nameof(GetInstances))]
    public Task<IResult> GetInstances(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "delete", Route = "durabletask/instances/{instanceId?}")] HttpRequest req,
        string? instanceId,
        [DurableClient] DurableTaskClient client) =>
        InstancesApi.GetInstancesAsync(req.HttpContext, instanceId, client, keys);

    /// <summary><c>POST /api/durabletask/instances/{instanceId}/{operation}/{eventName?}</c> → <see cref="InstancesApi.InstanceOperationAsync"/>.</summary>
    [Function(nameof(InstanceOperation))]
    public Task<IResult> InstanceOperation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "durabletask/instances/{instanceId}/{operation}/{eventName?}")] HttpRequest req,
        string instanceId,
        string operation,
        string? eventName,
        [DurableClient] DurableTaskClient client) =>
        InstancesApi.InstanceOperationAsync(req.HttpContext, instanceId, operation, eventName, client, keys, options.Value);

    /// <summary><c>GET /api/runs/{instanceId}/published/{file}</c> → <see cref="PublishedOutputsApi.GetAsync"/>.</summary>
    [Function(nameof(PublishedOutputs))]
    public Task<IResult> PublishedOutputs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs/{instanceId}/published/{file}")] HttpRequest req,
        string instanceId,
        string file,
        [DurableClient] DurableTaskClient client) =>
        PublishedOutputsApi.GetAsync(req.HttpContext, instanceId, file, client, keys, blobs);

    /// <summary><c>GET</c>/<c>PUT</c>/<c>DELETE /api/policy</c> → <see cref="TenantPolicyApi.HandleAsync"/>.</summary>
    [Function(nameof(TenantPolicy))]
    public Task<IResult> TenantPolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "delete", Route = TenantPolicyApi.Route)] HttpRequest req) =>
        TenantPolicyApi.HandleAsync(req.HttpContext, keys, policies);
}
