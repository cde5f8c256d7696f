using Microsoft.Azure.Functions.Worker;

namespace VideoGen.FunctionApp.Http;

/// <summary>
/// <c>GET /api/health</c>: the worker is up and answering. Storage and the Durable backend are the host's concern
/// here (it does not start the worker's triggers until it has reached storage); the local host's health reports
/// its own engine's readiness instead.
/// </summary>
public static class HealthFunction
{
    /// <summary>200 with <c>{"status":"ok","host":"functions"}</c>.</summary>
    [Function("Health")]
    public static IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        Results.Json(new { status = "ok", host = "functions" });
}
