using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using VideoGen.Functions.Hosting;
using VideoGen.Pipeline.Workflow;

namespace VideoGen.Functions.Api;

/// <summary>Who is calling: one tenant, or an operator with the admin key (all tenants).</summary>
/// <param name="Tenant">The caller's tenant; null for the admin key.</param>
public sealed record ApiCaller(TenantId? Tenant)
{
    /// <summary>True when the caller may see every tenant.</summary>
    public bool IsAdmin => Tenant is null;

    /// <summary>Whether <paramref name="instanceId"/> belongs to this caller (its tenant prefix).</summary>
    public bool Owns(string instanceId) => Tenant is not { } t || instanceId.StartsWith(WorkflowNames.TenantPrefix(t), StringComparison.Ordinal);
}

/// <summary>
/// Function keys, as the Functions host accepts them (<c>x-functions-key</c> header or <c>code</c> query parameter),
/// mapped to tenants. Keys are compared as SHA-256 digests in constant time; they are never logged.
/// </summary>
public sealed class ApiKeys
{
    private readonly List<(byte[] Digest, TenantId? Tenant)> _keys = [];

    /// <summary>Loads the configured keys.</summary>
    public ApiKeys(IOptions<FunctionAppOptions> options)
    {
        FunctionAppOptions o = options.Value;
        foreach ((string tenant, string key) in o.TenantKeys)
        {
            _keys.Add((Digest(key), TenantId.Parse(tenant)));
        }

        if (o.AdminKey.Length > 0)
        {
            _keys.Add((Digest(o.AdminKey), null));
        }
    }

    /// <summary>The caller the request's key identifies; throws <see cref="ApiException"/> (401) otherwise.</summary>
    public ApiCaller Authenticate(HttpRequest request)
    {
        string? key = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "auth.missing-key", "Send a function key in the x-functions-key header (or the code query parameter).");
        }

        byte[] digest = Digest(key);
        foreach ((byte[] d, TenantId? tenant) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(d, digest))
            {
                return new ApiCaller(tenant);
            }
        }

        throw new ApiException(StatusCodes.Status401Unauthorized, "auth.invalid-key", "The function key is not valid.");
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
