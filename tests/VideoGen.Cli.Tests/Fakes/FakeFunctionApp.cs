using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VideoGen.Cli.Tests.Fakes;

/// <summary>
/// A local server on 127.0.0.1 (port 0) that speaks the function app's HTTP API contract with an in-memory store:
/// key → tenant auth, tenant-scoped instances, multipart brief upload, scripted runs, paging by continuation token.
/// </summary>
public sealed class FakeFunctionApp : IAsyncLifetime
{
    public const string ContosoKey = "key-contoso";
    public const string FabrikamKey = "key-fabrikam";
    private const string InstancesRoute = "/api/durabletask/instances";
    private static readonly Dictionary<string, string> Tenants = new() { [ContosoKey] = "contoso", [FabrikamKey] = "fabrikam" };
    private WebApplication? _app;
    private int _counter;

    public string Endpoint { get; private set; } = string.Empty;

    public ConcurrentDictionary<string, FakeInstance> Instances { get; } = new();

    /// <summary>Every accepted upload: brief JSON text, image file name, content type, image length.</summary>
    public ConcurrentQueue<(string Brief, string ImageName, string ImageType, long ImageLength)> Submissions { get; } = new();

    /// <summary>Every request seen: method, path and query, continuation token header.</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Continuation)> Requests { get; } = new();

    public FakeInstance Add(string id, string tenant, IReadOnlyList<FakeStep> script, DateTimeOffset? created = null)
    {
        var instance = new FakeInstance(id, tenant, script, created ?? DateTimeOffset.UtcNow) { Input = new JsonObject { ["briefId"] = id } };
        Instances[id] = instance;
        return instance;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            Requests.Enqueue((http.Request.Method, http.Request.Path + http.Request.QueryString, http.Request.Headers["x-ms-continuation-token"].FirstOrDefault()));
            if (!Tenants.TryGetValue(http.Request.Headers["x-functions-key"].ToString(), out var tenant))
            {
                await Error(StatusCodes.Status401Unauthorized, "unauthorized", "A valid x-functions-key is required.").ExecuteAsync(http);
                return;
            }

            http.Items["tenant"] = tenant;
            await next(http);
        });
        app.MapPost("/api/briefs", (Func<HttpContext, Task<IResult>>)SubmitAsync);
        app.MapGet(InstancesRoute, List);
        app.MapGet(InstancesRoute + "/server-error", () => Error(StatusCodes.Status500InternalServerError, "internal", "The store is unavailable."));
        app.MapGet(InstancesRoute + "/huge", HugeAsync);
        app.MapGet(InstancesRoute + "/{id}", (HttpContext http, string id, bool? showHistory, bool? showInput) =>
            Find(http, id) is { } i ? Status(i, i.Poll(), showInput ?? false, showHistory ?? false) : NotFound(id));
        app.MapPost(InstancesRoute + "/{id}/raiseEvent/{eventName}", RaiseAsync);
        app.MapPost(InstancesRoute + "/{id}/{operation}", Control);
        app.MapDelete(InstancesRoute + "/{id}", (HttpContext http, string id) =>
            Find(http, id) is { } i && Instances.TryRemove(i.Id, out _) ? Results.Ok() : NotFound(id));
        await app.StartAsync();
        _app = app;
        Endpoint = app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static IResult Error(int status, string code, string message, string? field = null) =>
        Results.Json(new { error = code, message, field }, statusCode: status, contentType: "application/problem+json");

    /// <summary>A status body of 17 MiB, streamed without Content-Length, past the CLI's 16 MiB limit.</summary>
    private static async Task HugeAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync("{\"pad\": \""u8.ToArray());
        var filler = Encoding.UTF8.GetBytes(new string('x', 1024 * 1024));
        for (var i = 0; i < 17; i++)
        {
            await http.Response.Body.WriteAsync(filler);
        }

        await http.Response.Body.WriteAsync("\"}"u8.ToArray());
    }

    private static IResult NotFound(string id) => Error(StatusCodes.Status404NotFound, "not-found", $"No instance '{id}'.");

    private static IResult Status(FakeInstance i, FakeStep step, bool showInput, bool showHistory) =>
        Results.Json(i.ToJson(step, showInput, showHistory), statusCode: i.IsTerminal || step.RuntimeStatus is "Completed" or "Failed" or "Terminated" ? 200 : 202);

    private FakeInstance? Find(HttpContext http, string id) =>
        Instances.TryGetValue(id, out var i) && i.Tenant == (string)http.Items["tenant"]! ? i : null;

    private async Task<IResult> SubmitAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Send multipart/form-data.");
        }

        var form = await http.Request.ReadFormAsync();
        var briefFile = form.Files["brief"];
        var image = form.Files["image"];
        if (briefFile is null || image is null)
        {
            return Error(StatusCodes.Status400BadRequest, "missing-part", "Parts 'brief' and 'image' are required.", briefFile is null ? "brief" : "image");
        }

        using var reader = new StreamReader(briefFile.OpenReadStream(), Encoding.UTF8);
        var briefText = await reader.ReadToEndAsync();
        var brief = JsonNode.Parse(briefText)!.AsObject();
        if (brief["productImage"]?.GetValue<string>() != image.FileName)
        {
            return Error(StatusCodes.Status400BadRequest, "image-mismatch", "The image part is not the brief's productImage.", "/productImage");
        }

        if (brief["durationSeconds"]?.GetValue<int>() is <= 0)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid-brief", "durationSeconds must be between 1 and 60", "/durationSeconds");
        }

        Submissions.Enqueue((briefText, image.FileName, image.ContentType, image.Length));
        var tenant = (string)http.Items["tenant"]!;
        var id = $"{tenant}-{brief["briefId"]?.GetValue<string>() ?? "brief"}-{Interlocked.Increment(ref _counter)}";
        Add(id, tenant, FakeScripts.For(brief["scenario"]?.GetValue<string>()));
        var status = $"{Endpoint}{InstancesRoute}/{id}";
        http.Response.Headers.Location = status;
        return Results.Json(
            new
            {
                id,
                statusQueryGetUri = status,
                sendEventPostUri = status + "/raiseEvent/{eventName}",
                terminatePostUri = status + "/terminate?reason={text}",
                purgeHistoryDeleteUri = status,
                suspendPostUri = status + "/suspend?reason={text}",
                resumePostUri = status + "/resume?reason={text}",
            },
            statusCode: StatusCodes.Status202Accepted);
    }

    private IResult List(HttpContext http, string? runtimeStatus, string? instanceIdPrefix, DateTimeOffset? createdTimeFrom, DateTimeOffset? createdTimeTo, int? top)
    {
        var statuses = runtimeStatus?.Split(',') ?? [];
        var matching = Instances.Values
            .Where(i => i.Tenant == (string)http.Items["tenant"]!)
            .Where(i => statuses.Length == 0 || statuses.Contains(i.Current.RuntimeStatus))
            .Where(i => instanceIdPrefix is null || i.Id.StartsWith(instanceIdPrefix, StringComparison.Ordinal))
            .Where(i => createdTimeFrom is null || i.Created >= createdTimeFrom)
            .Where(i => createdTimeTo is null || i.Created <= createdTimeTo)
            .OrderBy(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        var token = http.Request.Headers["x-ms-continuation-token"].FirstOrDefault();
        var offset = string.IsNullOrEmpty(token) ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
        var size = top ?? 100;
        var page = matching.Skip(offset).Take(size).Select(i => i.ToJson(i.Current, false, false)).ToArray();
        if (offset + size < matching.Count)
        {
            http.Response.Headers["x-ms-continuation-token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString()));
        }

        return Results.Json(page);
    }

    private async Task<IResult> RaiseAsync(HttpContext http, string id, string eventName)
    {
        if (Find(http, id) is not { } instance)
        {
            return NotFound(id);
        }

        if (instance.IsTerminal)
        {
            return Error(StatusCodes.Status410Gone, "instance-ended", $"Instance '{id}' has ended.");
        }

        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        try
        {
            using var _ = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid-json", "The event body is not JSON.");
        }

        instance.RaisedEvents.Add((eventName, body));
        return Results.Accepted();
    }

    private IResult Control(HttpContext http, string id, string operation, string? reason)
    {
        if (Find(http, id) is not { } instance)
        {
            return NotFound(id);
        }

        instance.Operations.Add($"{operation}:{reason}");
        switch (operation)
        {
            case "terminate":
                instance.Force(new FakeStep("Terminated", instance.Current.CustomStatus, JsonValue.Create(reason ?? "terminated")));
                break;
            case "suspend":
                instance.Force(new FakeStep("Suspended", instance.Current.CustomStatus));
                break;
            case "resume":
                instance.Force(new FakeStep("Running", instance.Current.CustomStatus));
                break;
            default:
                return Error(StatusCodes.Status404NotFound, "not-found", $"No operation '{operation}'.");
        }

        return Results.Accepted();
    }
}
