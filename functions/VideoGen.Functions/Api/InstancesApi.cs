using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Functions.Hosting;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Api;

/// <summary>
/// The management API, mirroring Durable Functions' built-in HTTP API under <see cref="StatusPayloads.InstancesPath"/>
/// (and, for local tools written against Durable Functions, under <c>/runtime/webhooks/durabletask/instances</c>):
/// status with <c>showHistory</c>/<c>showInput</c>; query with <c>runtimeStatus</c>, <c>createdTimeFrom/To</c>,
/// <c>instanceIdPrefix</c>, <c>top</c> and the <c>x-ms-continuation-token</c> header; raise event; terminate;
/// suspend/resume; purge. Every call is authenticated (<see cref="ApiKeys"/>) and scoped to the caller's tenant: another
/// tenant's instance answers 404, exactly like an unknown one.
/// </summary>
public static class InstancesApi
{
    /// <summary>The continuation header of Durable Functions' query API.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Maps the endpoints under <paramref name="prefix"/>.</summary>
    public static void Map(IEndpointRouteBuilder app, string prefix)
    {
        app.MapGet(prefix, (HttpContext c, DurableTaskClient client, ApiKeys keys) => GetInstancesAsync(c, null, client, keys));
        app.MapMethods(prefix + "/{instanceId}", ["GET", "DELETE"], (HttpContext c, string instanceId, DurableTaskClient client, ApiKeys keys) =>
            GetInstancesAsync(c, instanceId, client, keys));
        app.MapPost(prefix + "/{instanceId}/{operation}/{eventName?}",
            (HttpContext c, string instanceId, string operation, string? eventName, DurableTaskClient client, ApiKeys keys, IOptions<FunctionAppOptions> options) =>
                InstanceOperationAsync(c, instanceId, operation, eventName, client, keys, options.Value));
    }

    /// <summary>
    /// The <c>GetInstances</c> function, <c>{prefix}/{instanceId?}</c>: <c>GET</c> without an id queries the caller's
    /// instances, with one gives its status; <c>DELETE</c> with an id purges it. Errors are <see cref="ApiErrors"/> JSON.
    /// </summary>
    public static Task<IResult> GetInstancesAsync(HttpContext c, string? instanceId, DurableTaskClient client, ApiKeys keys)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(keys);
        return ApiErrors.Guard(() => (HttpMethods.IsDelete(c.Request.Method), string.IsNullOrEmpty(instanceId)) switch
        {
            (false, true) => ListAsync(c, client, keys),
            (false, false) => StatusAsync(c, instanceId!, client, keys),
            (true, false) => PurgeAsync(c, instanceId!, client, keys),
            (true, true) => throw new ApiException(StatusCodes.Status405MethodNotAllowed, "method.not-allowed", "DELETE needs an instance id: DELETE .../instances/{instanceId}.", "instanceId"),
        });
    }

    /// <summary>
    /// The <c>InstanceOperation</c> function, <c>POST {prefix}/{instanceId}/{operation}/{eventName?}</c>: raiseEvent,
    /// terminate, suspend or resume. Errors are <see cref="ApiErrors"/> JSON.
    /// </summary>
    public static Task<IResult> InstanceOperationAsync(
        HttpContext c, string instanceId, string operation, string? eventName, DurableTaskClient client, ApiKeys keys, FunctionAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        return ApiErrors.Guard(() => OperateAsync(c, instanceId, operation, eventName, client, keys, options));
    }

    private static async Task<IResult> StatusAsync(HttpContext c, string instanceId, DurableTaskClient client, ApiKeys keys)
    {
        OrchestrationMetadata m = await RequireAsync(c, instanceId, client, keys).ConfigureAwait(false);
        bool showInput = Flag(c, "showInput", true);
        IList<DurableTask.Core.History.HistoryEvent>? history = Flag(c, "showHistory", false)
            ? await client.GetOrchestrationHistoryAsync(instanceId, c.RequestAborted).ConfigureAwait(false)
            : null;
        int status = m.IsCompleted ? StatusCodes.Status200OK : StatusCodes.Status202Accepted;
        JsonObject payload = StatusPayloads.Status(m, showInput, history);
        await AddRenderProgressAsync(payload, m, client, c.RequestAborted).ConfigureAwait(false);
        return Results.Json(payload, ApiErrors.Json, statusCode: status);
    }

    /// <summary>
    /// A run renders its chunks in a sub-orchestration, which alone knows how many are done (an orchestration cannot
    /// set its parent's status). While a run names one in <c>customStatus.renderInstance</c>, copy that instance's
    /// <c>chunksDone</c>/<c>chunksTotal</c> into the run's status, so <c>videogen watch</c> and other pollers see
    /// chunks complete. The render instance's id extends the run's, so it belongs to the same tenant.
    /// </summary>
    private static async Task AddRenderProgressAsync(JsonObject payload, OrchestrationMetadata m, DurableTaskClient client, CancellationToken ct)
    {
        if (m.IsCompleted || payload["customStatus"] is not JsonObject custom
            || custom["renderInstance"] is not JsonValue v || !v.TryGetValue(out string? render)
            || !render.StartsWith(m.InstanceId + ":", StringComparison.Ordinal))
        {
            return;
        }

        OrchestrationMetadata? child;
        try
        {
            child = await client.GetInstanceAsync(render, getInputsAndOutputs: false, ct).ConfigureAwait(false); // custom status comes either way
        }
        catch (RequestFailedException)
        {
            return; // the run's own status is still an answer
        }

        if (child?.SerializedCustomStatus is not { Length: > 0 } json || JsonNode.Parse(json) is not JsonObject progress)
        {
            return; // not started yet, or nothing done yet
        }

        foreach (string field in (ReadOnlySpan<string>)["chunksDone", "chunksTotal"])
        {
            if (progress[field] is JsonValue n && n.TryGetValue(out int count))
            {
                custom[field] = count;
            }
        }
    }

    private static async Task<IResult> ListAsync(HttpContext c, DurableTaskClient client, ApiKeys keys)
    {
        ApiCaller caller = keys.Authenticate(c.Request);
        IQueryCollection q = c.Request.Query;
        int top = q.TryGetValue("top", out var t) ? ParseInt(t!, "top", 1, 1000) : 100;
        var query = new OrchestrationQuery
        {
            Statuses = q.TryGetValue("runtimeStatus", out var s) ? ParseStatuses(s!) : null,
            CreatedFrom = q.TryGetValue("createdTimeFrom", out var from) ? ParseTime(from!, "createdTimeFrom") : null,
            CreatedTo = q.TryGetValue("createdTimeTo", out var to) ? ParseTime(to!, "createdTimeTo") : null,
            InstanceIdPrefix = ScopedPrefix(caller, q["instanceIdPrefix"].FirstOrDefault()),
            PageSize = top,
            FetchInputsAndOutputs = Flag(c, "showInput", false),
        };
        string? token = c.Request.Headers[ContinuationHeader].FirstOrDefault();
        await foreach (Microsoft.DurableTask.Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(query).AsPages(string.IsNullOrEmpty(token) ? null : token, top).ConfigureAwait(false))
        {
            if (page.ContinuationToken is { Length: > 0 } next)
            {
                c.Response.Headers[ContinuationHeader] = next;
            }

            return Results.Json(page.Values.Select(m => StatusPayloads.Status(m, query.FetchInputsAndOutputs, null)).ToList(), ApiErrors.Json);
        }

        return Results.Json(Array.Empty<object>(), ApiErrors.Json);
    }

    private static async Task<IResult> PurgeAsync(HttpContext c, string instanceId, DurableTaskClient client, ApiKeys keys)
    {
        await RequireAsync(c, instanceId, client, keys).ConfigureAwait(false);
        PurgeResult result = await client.PurgeInstanceAsync(instanceId, c.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { instancesDeleted = result.PurgedInstanceCount }, ApiErrors.Json);
    }

    private static async Task<IResult> OperateAsync(
        HttpContext c, string instanceId, string operation, string? eventName, DurableTaskClient client, ApiKeys keys, FunctionAppOptions options)
    {
        OrchestrationMetadata m = await RequireAsync(c, instanceId, client, keys).ConfigureAwait(false);
        string? reason = c.Request.Query["reason"].FirstOrDefault();
        CancellationToken ct = c.RequestAborted;
        switch (operation.ToLowerInvariant())
        {
            case "raiseevent":
                if (string.IsNullOrWhiteSpace(eventName))
                {
                    throw new ApiException(StatusCodes.Status400BadRequest, "event.name-missing", "Name the event: POST .../raiseEvent/{eventName}.", "eventName");
                }

                JsonElement? payload = await ReadJsonBodyAsync(c, options.MaxEventBytes).ConfigureAwait(false);
                RequireRunning(m, $"raise event '{eventName}'");
                await client.RaiseEventAsync(instanceId, eventName, payload, ct).ConfigureAwait(false);
                break;
            case "terminate":
                RequireRunning(m, "terminate");
                // Recursive: a run's render sub-orchestration must stop with it, or it would keep resubmitting GPU jobs.
                await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason, Recursive: true), ct).ConfigureAwait(false);
                break;
            case "suspend":
                RequireRunning(m, "suspend");
                await client.SuspendInstanceAsync(instanceId, reason, ct).ConfigureAwait(false);
                break;
            case "resume":
                RequireRunning(m, "resume");
                await client.ResumeInstanceAsync(instanceId, reason, ct).ConfigureAwait(false);
                break;
            default:
                throw new ApiException(StatusCodes.Status404NotFound, "operation.unknown",
                    $"Unknown operation '{operation}': use raiseEvent, terminate, suspend or resume.", "operation");
        }

        return Results.Accepted();
    }

    private static Task<OrchestrationMetadata> RequireAsync(HttpContext c, string instanceId, DurableTaskClient client, ApiKeys keys) =>
        RequireOwnedAsync(c, keys.Authenticate(c.Request), instanceId, client);

    /// <summary>
    /// The instance (with inputs and outputs) if <paramref name="caller"/> may see it; otherwise the same 404 an
    /// unknown id gets, so a tenant cannot tell another tenant's runs from missing ones.
    /// </summary>
    internal static async Task<OrchestrationMetadata> RequireOwnedAsync(HttpContext c, ApiCaller caller, string instanceId, DurableTaskClient client)
    {
        if (!caller.Owns(instanceId) || instanceId.Length > 256 || instanceId.IndexOfAny(['/', '\\', '#', '?']) >= 0)
        {
            throw NotFound(instanceId);
        }

        return await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, c.RequestAborted).ConfigureAwait(false) ?? throw NotFound(instanceId);
    }

    private static ApiException NotFound(string instanceId) =>
        new(StatusCodes.Status404NotFound, "instance.not-found", $"No instance '{instanceId}' exists for this caller.", "instanceId");

    private static void RequireRunning(OrchestrationMetadata m, string what)
    {
        if (m.IsCompleted)
        {
            throw new ApiException(StatusCodes.Status410Gone, "instance.ended", $"Cannot {what}: instance '{m.InstanceId}' is {m.RuntimeStatus}.");
        }
    }

    private static async Task<JsonElement?> ReadJsonBodyAsync(HttpContext c, int maxBytes)
    {
        BinaryData body = await Ingestion.BodyReader.ReadAsync(c, maxBytes, "event.too-large").ConfigureAwait(false);
        if (body.ToMemory().Length == 0)
        {
            return null;
        }

        if (c.Request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "event.content-type", $"Send the event payload as application/json, not {type}.", "Content-Type");
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(body.ToMemory());
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "event.invalid-json", $"The event payload is not valid JSON: {ex.Message}", "body");
        }
    }

    /// <summary>A tenant caller's prefix is always within its tenant: a prefix that does not start with it is taken as relative.</summary>
    private static string? ScopedPrefix(ApiCaller caller, string? given)
    {
        if (caller.Tenant is not { } tenant)
        {
            return string.IsNullOrEmpty(given) ? null : given;
        }

        string own = WorkflowNames.TenantPrefix(tenant);
        return string.IsNullOrEmpty(given) ? own : given.StartsWith(own, StringComparison.Ordinal) ? given : own + given;
    }

    private static bool Flag(HttpContext c, string name, bool fallback) =>
        c.Request.Query.TryGetValue(name, out var v) ? string.Equals(v.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase) : fallback;

    private static int ParseInt(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max
            ? v
            : throw new ApiException(StatusCodes.Status400BadRequest, "query.invalid", $"{name} must be a whole number from {min} to {max}.", name);

    private static DateTimeOffset ParseTime(string text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset v)
            ? v
            : throw new ApiException(StatusCodes.Status400BadRequest, "query.invalid", $"{name} must be an ISO 8601 time.", name);

    private static List<OrchestrationRuntimeStatus> ParseStatuses(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
            Enum.TryParse(s, ignoreCase: true, out OrchestrationRuntimeStatus st)
                ? st
                : throw new ApiException(StatusCodes.Status400BadRequest, "query.invalid",
                    $"runtimeStatus '{s}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.", "runtimeStatus"))];
}
