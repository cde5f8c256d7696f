using System.Text.Json;

namespace VideoGen.Functions.Api;

/// <summary>An API error with its status, a stable code, a sentence, and the offending field if there is one.</summary>
public sealed class ApiException(int status, string code, string message, string? field = null) : Exception(message)
{
    /// <summary>HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>Stable error code, e.g. <c>brief.invalid</c>, <c>auth.invalid-key</c>.</summary>
    public string Code { get; } = code;

    /// <summary>The offending field (JSON pointer or parameter name), or null.</summary>
    public string? Field { get; } = field;

    /// <summary>Details (e.g. every validation error), or null.</summary>
    public object? Details { get; init; }
}

/// <summary>Writes errors as <c>{"error","message","field","details"}</c> JSON.</summary>
public static class ApiErrors
{
    /// <summary>JSON options of API bodies (camelCase). A wire contract.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The error result for <paramref name="e"/>.</summary>
    public static IResult ToResult(ApiException e) =>
        Results.Json(new ErrorBody(e.Code, e.Message, e.Field, e.Details), Json, statusCode: e.Status);

    /// <summary>Runs <paramref name="handler"/>, turning <see cref="ApiException"/> into its error response.</summary>
    public static async Task<IResult> Guard(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            return ToResult(e);
        }
    }

    private sealed record ErrorBody(string Error, string Message, string? Field, object? Details);
}
