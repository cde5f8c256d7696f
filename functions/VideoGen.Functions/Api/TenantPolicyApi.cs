using System.Text.Json;
using VideoGen.Contracts;
using VideoGen.Functions.Ingestion;
using VideoGen.Pipeline.Policy;

namespace VideoGen.Functions.Api;

/// <summary>
/// <c>/api/policy</c>: the caller's tenant's prompt policy override (format: <c>src/VideoGen.Pipeline/Policy/README.md</c>).
/// <c>GET</c> shows the stored document and the effective version; <c>PUT</c> (JSON body) checks and stores a new
/// one — an invalid document is refused with the offending field named and nothing stored; <c>DELETE</c> removes it.
/// A tenant key acts on its own tenant; the admin key names one with <c>?tenant=</c>. The next screening of that
/// tenant's briefs uses it.
/// </summary>
public static class TenantPolicyApi
{
    /// <summary>Route after <c>/api/</c>.</summary>
    public const string Route = "policy";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapMethods("/api/" + Route, ["GET", "PUT", "DELETE"], (HttpContext c, ApiKeys keys, TenantPolicyStore store) => HandleAsync(c, keys, store));

    /// <summary>The <c>TenantPolicy</c> function: <c>GET</c>, <c>PUT</c> or <c>DELETE</c> the tenant's override. Errors are <see cref="ApiErrors"/> JSON.</summary>
    public static Task<IResult> HandleAsync(HttpContext c, ApiKeys keys, TenantPolicyStore store)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(store);
        string method = c.Request.Method;
        return ApiErrors.Guard(() => HttpMethods.IsPut(method) ? PutAsync(c, keys, store)
            : HttpMethods.IsDelete(method) ? DeleteAsync(c, keys, store)
            : GetAsync(c, keys, store));
    }

    private static async Task<IResult> GetAsync(HttpContext c, ApiKeys keys, TenantPolicyStore store)
    {
        TenantId tenant = TenantOf(c, keys);
        StoredTenantPolicy stored = await store.GetAsync(tenant, c.RequestAborted).ConfigureAwait(false);
        if (stored.Problem is { } problem)
        {
            // The tenant needs to see what is stored to fix it.
            throw new ApiException(StatusCodes.Status409Conflict, "policy.stored-invalid", problem.Message, problem.Field)
            {
                Details = stored.Document is { } d ? new { storedDocument = d.ToString() } : null,
            };
        }

        PromptPolicy effective = stored.Effective!;
        return Results.Json(new PolicyBody(tenant.ToString(), effective.Version, Summaries(effective),
            stored.Document is null ? null : JsonDocument.Parse(stored.Document).RootElement.Clone()), ApiErrors.Json);
    }

    private static async Task<IResult> PutAsync(HttpContext c, ApiKeys keys, TenantPolicyStore store)
    {
        TenantId tenant = TenantOf(c, keys);
        if (c.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "request.content-type", $"Send the policy document as application/json, not '{c.Request.ContentType}'.", "Content-Type");
        }

        BinaryData body = await BodyReader.ReadAsync(c, TenantPolicyStore.MaxDocumentBytes, "policy.too-large").ConfigureAwait(false);
        try
        {
            PromptPolicy effective = await store.SaveAsync(tenant, body.ToMemory(), c.RequestAborted).ConfigureAwait(false);
            return Results.Json(new PolicyBody(tenant.ToString(), effective.Version, Summaries(effective), null), ApiErrors.Json);
        }
        catch (PolicyFormatException ex)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "policy.invalid", ex.Message, ex.Field);
        }
        catch (TenantPolicyVersionException ex)
        {
            throw new ApiException(StatusCodes.Status409Conflict, "policy.version-unchanged", ex.Message, "/version");
        }
        catch (TenantPolicyConflictException ex)
        {
            throw new ApiException(StatusCodes.Status409Conflict, "policy.conflict", ex.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext c, ApiKeys keys, TenantPolicyStore store)
    {
        TenantId tenant = TenantOf(c, keys);
        return await store.DeleteAsync(tenant, c.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : throw new ApiException(StatusCodes.Status404NotFound, "policy.none", $"Tenant '{tenant}' has no policy override.");
    }

    /// <summary>The tenant the request acts on: the key's own, or the admin's <c>?tenant=</c>.</summary>
    private static TenantId TenantOf(HttpContext c, ApiKeys keys)
    {
        ApiCaller caller = keys.Authenticate(c.Request);
        string? asked = c.Request.Query["tenant"].FirstOrDefault();
        if (caller.Tenant is { } own)
        {
            if (asked is not null && asked != own.ToString())
            {
                throw new ApiException(StatusCodes.Status403Forbidden, "auth.wrong-tenant", $"This key belongs to tenant '{own}', not '{asked}'.", "tenant");
            }

            return own;
        }

        if (!TenantId.TryParse(asked, out TenantId tenant))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "policy.tenant-required", "With the admin key, name the tenant: ?tenant={tenant id}.", "tenant");
        }

        return tenant;
    }

    private static CategorySummary[] Summaries(PromptPolicy p) =>
        p.Categories.Select(c => new CategorySummary(c.Id, PolicyActions.Name(c.EffectiveAction), c.Locked, c.Terms.Count, c.Patterns.Count)).ToArray();

    /// <summary>The response: effective version and categories, and the stored override (GET only).</summary>
    public sealed record PolicyBody(string Tenant, string EffectiveVersion, IReadOnlyList<CategorySummary> Categories, JsonElement? Override);

    /// <summary>One category of the effective policy.</summary>
    public sealed record CategorySummary(string Id, string Action, bool Locked, int Terms, int Patterns);
}
