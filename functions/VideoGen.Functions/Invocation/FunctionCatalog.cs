namespace VideoGen.Functions.Invocation;

/// <summary>An HTTP-triggered function: served as a forwarded request at <c>/api/{Route}</c>.</summary>
/// <param name="Name">The function name (its folder under <c>functions/</c>).</param>
/// <param name="Route">The route template after <c>/api/</c>, as in its function.json.</param>
/// <param name="Methods">The HTTP methods, lower case, as in its function.json.</param>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods);

/// <summary>Every function the app implements: the handlers by name and the HTTP functions with their routes.</summary>
public sealed class FunctionCatalog
{
    private readonly Dictionary<string, IFunctionHandler> _handlers;

    /// <summary>Builds the catalog; two handlers with one name is a programming error.</summary>
    public FunctionCatalog(IEnumerable<IFunctionHandler> handlers)
    {
        _handlers = new Dictionary<string, IFunctionHandler>(StringComparer.OrdinalIgnoreCase);
        foreach (IFunctionHandler h in handlers)
        {
            if (!_handlers.TryAdd(h.Name, h))
            {
                throw new InvalidOperationException($"Two handlers are registered for function '{h.Name}'.");
            }
        }
    }

    /// <summary>The HTTP functions (routes relative to <c>/api/</c>).</summary>
    public static IReadOnlyList<HttpFunction> HttpFunctions { get; } =
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

    /// <summary>The non-HTTP handlers by name.</summary>
    public IReadOnlyCollection<IFunctionHandler> Handlers => _handlers.Values;

    /// <summary>The handler for <paramref name="name"/>, or null.</summary>
    public IFunctionHandler? Find(string name) => _handlers.GetValueOrDefault(name);
}
