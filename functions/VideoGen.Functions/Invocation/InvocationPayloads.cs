using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Functions.Invocation;

// The Azure Functions custom handler wire contract: the host POSTs /{FunctionName} with a JSON body of
// "Data" (trigger and input binding values by binding name) and "Metadata" (trigger metadata, plus "sys");
// the handler answers 200 with "Outputs" (output binding values by name, "res" for an HTTP response),
// "Logs" (lines the host writes to the invocation's log) and "ReturnValue". A non-2xx answer fails the
// invocation, so the host retries a queue message or reports an error.
// Source: https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers (request and response payloads).

/// <summary>An invocation the Functions host (or local mode) sends to <c>POST /{FunctionName}</c>.</summary>
public sealed record InvocationRequest
{
    /// <summary>Trigger and input binding values, keyed by binding name (e.g. <c>message</c>, <c>eventGridEvent</c>, <c>req</c>).</summary>
    [JsonPropertyName("Data")]
    public Dictionary<string, JsonElement> Data { get; init; } = [];

    /// <summary>Trigger metadata (queue: <c>Id</c>, <c>PopReceipt</c>, <c>DequeueCount</c>, <c>InsertionTime</c>…) and <c>sys</c>.</summary>
    [JsonPropertyName("Metadata")]
    public Dictionary<string, JsonElement> Metadata { get; init; } = [];
}

/// <summary>What a handler answers to the host.</summary>
public sealed record InvocationResponse
{
    /// <summary>Output binding values by binding name; <c>res</c> holds an HTTP response (<see cref="HttpResponseData"/>).</summary>
    [JsonPropertyName("Outputs")]
    public Dictionary<string, object?> Outputs { get; init; } = [];

    /// <summary>Log lines the host attaches to the invocation.</summary>
    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    /// <summary>The function's return value (bound to a <c>$return</c> output binding if the function has one).</summary>
    [JsonPropertyName("ReturnValue")]
    public object? ReturnValue { get; init; }
}

/// <summary>An HTTP trigger's request as the host passes it in <c>Data.req</c> when requests are not forwarded.</summary>
public sealed record HttpRequestData
{
    /// <summary>The request URL as received by the host.</summary>
    [JsonPropertyName("Url")]
    public string Url { get; init; } = "";

    /// <summary>The HTTP method.</summary>
    [JsonPropertyName("Method")]
    public string Method { get; init; } = "GET";

    /// <summary>Query parameters (the host sends one value per name).</summary>
    [JsonPropertyName("Query")]
    public Dictionary<string, string>? Query { get; init; }

    /// <summary>Headers; the host sends each as an array of values.</summary>
    [JsonPropertyName("Headers")]
    public Dictionary<string, string[]>? Headers { get; init; }

    /// <summary>Route parameters.</summary>
    [JsonPropertyName("Params")]
    public Dictionary<string, string>? Params { get; init; }

    /// <summary>The body as text (the host passes it as a string).</summary>
    [JsonPropertyName("Body")]
    public string? Body { get; init; }
}

/// <summary>An HTTP response for the <c>res</c> output binding.</summary>
public sealed record HttpResponseData
{
    /// <summary>Status code.</summary>
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; init; }

    /// <summary>Response headers.</summary>
    [JsonPropertyName("headers")]
    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Body text.</summary>
    [JsonPropertyName("body")]
    public string Body { get; init; } = "";
}

/// <summary>The wire options of the invocation contract (names as the host spells them).</summary>
public static class InvocationJson
{
    /// <summary>Options for reading and writing invocation payloads. A wire contract: do not change casually.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
