using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using VideoGen.Testing;

namespace VideoGen.GpuWorker.Tests;

/// <summary>
/// Identity-based storage settings without a network: options validation of both forms, the clients the factory
/// builds (endpoints, credential, the same request bodies in both forms through a capturing transport), and how the
/// start-up wait classifies credential failures (exception shapes as Azure.Identity 1.21 throws them).
/// </summary>
public sealed class IdentityStorageTests
{
    private const string ClientId = "3f1c2b7a-9d4e-4c1f-8a2b-5e6d7c8b9a01";
    private const string Blob = "https://videogenst.blob.core.windows.net/";
    private const string Queue = "https://videogenst.queue.core.windows.net/";

    private static GpuWorkerOptions Identity(string? blob = Blob, string? queue = Queue, string? credential = "managedidentity", string? clientId = ClientId)
    {
        var options = new GpuWorkerOptions();
        options.Storage.BlobServiceUri = blob ?? "";
        options.Storage.QueueServiceUri = queue ?? "";
        options.Storage.Credential = credential ?? "";
        options.Storage.ClientId = clientId ?? "";
        return options;
    }

    // ---- options validation ----

    [Fact]
    public void Options_IdentitySettingsAsTheBicepSetsThem_BindAndAreValid()
    {
        // The environment variables of infra/modules/gpuworker.bicep, as configuration keys (__ is :).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GpuWorker:Storage:blobServiceUri"] = Blob,
            ["GpuWorker:Storage:queueServiceUri"] = Queue,
            ["GpuWorker:Storage:credential"] = "managedidentity",
            ["GpuWorker:Storage:clientId"] = ClientId,
            ["AZURE_CLIENT_ID"] = ClientId,
        }).Build();
        var services = new ServiceCollection();
        services.AddGpuWorker(o => configuration.GetSection(GpuWorkerOptions.SectionName).Bind(o), addHostedService: false);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GpuWorkerOptions>>().Value;

        Assert.Equal((Blob, Queue, "managedidentity", ClientId), (options.Storage.BlobServiceUri, options.Storage.QueueServiceUri, options.Storage.Credential, options.Storage.ClientId));
        Assert.True(options.UsesIdentityStorage);
        Assert.Empty(options.Validate());
        var factory = provider.GetRequiredService<StorageClientFactory>();
        Assert.True(factory.UsesIdentity);
        Assert.IsType<ManagedIdentityCredential>(factory.Credential);
        Assert.Equal(new Uri(Queue), provider.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().Uri);
        Assert.Equal(new Uri(Blob), provider.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().Uri);
    }

    [Fact]
    public void Options_ConnectionString_StillValid_AndNotIdentity()
    {
        var options = new GpuWorkerOptions { StorageConnectionString = "UseDevelopmentStorage=true" };
        Assert.Empty(options.Validate());
        Assert.False(options.UsesIdentityStorage);
        Assert.False(new StorageClientFactory(options).UsesIdentity);
    }

    [Theory]
    [InlineData(Blob, null, "GpuWorker:Storage:queueServiceUri is missing")]
    [InlineData(null, Queue, "GpuWorker:Storage:blobServiceUri is missing")]
    [InlineData(null, null, "GpuWorker:Storage:blobServiceUri and GpuWorker:Storage:queueServiceUri are missing")]
    public void Options_IncompleteIdentitySettings_NameTheMissingKey(string? blob, string? queue, string expected)
    {
        var problems = Identity(blob, queue).Validate();

        var problem = Assert.Single(problems);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.Contains("GpuWorker:Storage:clientId", problem, StringComparison.Ordinal); // what is set, so the reader sees which form was meant
        Assert.Contains("or set GpuWorker:StorageConnectionString instead", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NeitherForm_NamesBoth()
    {
        var problem = Assert.Single(new GpuWorkerOptions().Validate());
        Assert.StartsWith("GpuWorker:StorageConnectionString is required, or the identity-based settings GpuWorker:Storage:blobServiceUri and GpuWorker:Storage:queueServiceUri",
            problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BothForms_AreRefused_NamingBoth()
    {
        var options = Identity();
        options.StorageConnectionString = "UseDevelopmentStorage=true";

        var problem = Assert.Single(options.Validate());

        Assert.StartsWith("GpuWorker:StorageConnectionString and the identity-based settings (GpuWorker:Storage:blobServiceUri, GpuWorker:Storage:queueServiceUri, GpuWorker:Storage:credential, GpuWorker:Storage:clientId) are both set",
            problem, StringComparison.Ordinal);
        Assert.False(options.UsesIdentityStorage);
    }

    [Fact]
    public void Options_BadIdentityValues_EachNamed_WithoutEchoingASas()
    {
        var problems = Identity(blob: "http://videogenst.blob.core.windows.net/", queue: Queue + "?sv=2024&sig=SECRETSIG", credential: "msi", clientId: "not-a-guid").Validate();

        Assert.Contains(problems, p => p.StartsWith("GpuWorker:Storage:blobServiceUri 'http://videogenst.blob.core.windows.net/' must be an https:// URI", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("GpuWorker:Storage:queueServiceUri 'https://videogenst.queue.core.windows.net/?…' must not carry a query", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("GpuWorker:Storage:credential 'msi' is not supported", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("GpuWorker:Storage:clientId 'not-a-guid' is not a client id", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
        Assert.DoesNotContain(problems, p => p.Contains("SECRETSIG", StringComparison.Ordinal));
        Assert.Single(Identity(blob: "not a uri").Validate(), p => p.StartsWith("GpuWorker:Storage:blobServiceUri 'not a uri' is not an absolute URI", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("managedidentity", ClientId)]
    [InlineData("ManagedIdentity", "")]
    [InlineData("", ClientId)]
    [InlineData("", "")]
    public void Options_CredentialIsOptional_AndCaseInsensitive(string credential, string clientId)
    {
        Assert.Empty(Identity(credential: credential, clientId: clientId).Validate());
    }

    // ---- the client factory ----

    [Theory]
    [InlineData("managedidentity", ClientId, typeof(ManagedIdentityCredential), "ManagedIdentityCredential (user-assigned, client id " + ClientId + ")")]
    [InlineData("MANAGEDIDENTITY", "", typeof(ManagedIdentityCredential), "ManagedIdentityCredential (system-assigned)")]
    [InlineData("", ClientId, typeof(DefaultAzureCredential), "DefaultAzureCredential (managed identity client id " + ClientId + ")")]
    [InlineData("", "", typeof(DefaultAzureCredential), "DefaultAzureCredential")]
    public void Factory_IdentitySettings_BuildTokenCredentialClientsAtTheGivenUris(string credential, string clientId, Type credentialType, string name)
    {
        var factory = new StorageClientFactory(Identity(credential: credential, clientId: clientId));

        Assert.True(factory.UsesIdentity);
        Assert.IsType(credentialType, factory.Credential);
        Assert.Equal(name, factory.CredentialName);
        var queues = factory.CreateQueueServiceClient();
        var blobs = factory.CreateBlobServiceClient();
        Assert.Equal((new Uri(Queue), "videogenst"), (queues.Uri, queues.AccountName));
        Assert.Equal((new Uri(Blob), "videogenst"), (blobs.Uri, blobs.AccountName));
        Assert.Equal(new Uri("https://videogenst.queue.core.windows.net/gpu-jobs-batch"), queues.GetQueueClient("gpu-jobs-batch").Uri);
        Assert.Equal(new Uri("https://videogenst.blob.core.windows.net/work/renders/x/index.json"), blobs.GetBlobContainerClient("work").GetBlobClient("renders/x/index.json").Uri);
        Assert.False(queues.CanGenerateAccountSasUri); // no key anywhere
    }

    [Fact]
    public void Factory_IdentityUrisWithAnAccountPath_KeepThePath()
    {
        var factory = new StorageClientFactory(Identity(blob: "https://127.0.0.1:10000/devstoreaccount1", queue: "https://127.0.0.1:10001/devstoreaccount1"));

        var queues = factory.CreateQueueServiceClient();
        Assert.Equal((new Uri("https://127.0.0.1:10001/devstoreaccount1"), "devstoreaccount1"), (queues.Uri, queues.AccountName));
        Assert.Equal("devstoreaccount1", factory.CreateBlobServiceClient().AccountName);
    }

    [Fact]
    public async Task Factory_BothForms_SendTheSameMessageBody_OnlyTheAuthorizationDiffers()
    {
        const string Json = """{"jobId":"j-1","note":"<plain & utf-8: é>"}""";
        var withKey = new GpuWorkerOptions
        {
            StorageConnectionString = $"DefaultEndpointsProtocol=https;AccountName=videogenst;AccountKey={AzuriteProcess.AccountKey};" +
                $"BlobEndpoint={Blob};QueueEndpoint={Queue};",
        };
        var keyRequests = await SendAndProbeAsync(new StorageClientFactory(withKey), Json);
        var identityRequests = await SendAndProbeAsync(new StorageClientFactory(Identity(), new FixedTokenCredential("fake-token")), Json);

        // The message: same URI, same body (plain UTF-8 JSON in the XML envelope, no base64).
        Assert.Equal(keyRequests[0].Uri, identityRequests[0].Uri);
        Assert.Equal("https://videogenst.queue.core.windows.net/gpu-jobs-interactive/messages", identityRequests[0].Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(keyRequests[0].Body, identityRequests[0].Body);
        Assert.Contains("<MessageText>{\"jobId\":\"j-1\",\"note\":\"&lt;plain &amp; utf-8: é&gt;\"}</MessageText>", identityRequests[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("SharedKey videogenst:", keyRequests[0].Authorization, StringComparison.Ordinal);
        Assert.Equal("Bearer fake-token", identityRequests[0].Authorization);

        // The blob probe: same request to the blob endpoint.
        Assert.Equal(keyRequests[1].Uri, identityRequests[1].Uri);
        Assert.Equal("https://videogenst.blob.core.windows.net/work", identityRequests[1].Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("Bearer fake-token", identityRequests[1].Authorization);
    }

    private static async Task<List<Captured>> SendAndProbeAsync(StorageClientFactory factory, string json)
    {
        var handler = new CapturingHandler();
        var queues = factory.CreateQueueServiceClient(o => o.Transport = new HttpClientTransport(new HttpClient(handler)));
        var blobs = factory.CreateBlobServiceClient(o => o.Transport = new HttpClientTransport(new HttpClient(handler)));
        await queues.GetQueueClient("gpu-jobs-interactive").SendMessageAsync(json);
        Assert.False((await blobs.GetBlobContainerClient("work").ExistsAsync()).Value);
        return [.. handler.Requests];
    }

    // ---- classification of identity failures ----

    /// <summary>ManagedIdentityCredential against an identity endpoint that refuses connections (observed with IDENTITY_ENDPOINT on a closed port).</summary>
    private static CredentialUnavailableException IdentityEndpointRefused() =>
        new("ManagedIdentityCredential authentication unavailable. Multiple attempts failed to obtain a token from the managed identity endpoint.",
            new MsalServiceException("managed_identity_unreachable_network", "Retry failed after 6 tries.",
                new AggregateException("Retry failed after 6 tries.",
                    Enumerable.Range(0, 6).Select(_ => new RequestFailedException("Connection refused (127.0.0.1:42356)",
                        new HttpRequestException("Connection refused (127.0.0.1:42356)", new SocketException((int)SocketError.ConnectionRefused)))))));

    /// <summary>The identity endpoint answered with <paramref name="status"/> (after MSAL's own retries for 5xx).</summary>
    private static AuthenticationFailedException IdentityEndpointAnswered(int status) =>
        new("ManagedIdentityCredential authentication failed: [Managed Identity] Error Code: invalid_request",
            new MsalServiceException("managed_identity_request_failed", "[Managed Identity] Error Code: invalid_request", status, null));

    [Fact]
    public void Identity_EndpointNotReachable_IsTransient_AndSaysWhy()
    {
        var error = IdentityEndpointRefused();

        Assert.True(StorageStartup.IsTransient(error));
        Assert.True(StorageStartup.IsCredentialFailure(error));
        Assert.Equal("CredentialUnavailableException: ManagedIdentityCredential authentication unavailable. Multiple attempts failed to obtain a token " +
            "from the managed identity endpoint. (Connection refused (127.0.0.1:42356))", StorageStartup.Describe(error));
        Assert.True(StorageStartup.IsTransient(new AuthenticationFailedException("timed out", new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"))));
        Assert.True(StorageStartup.IsTransient(new AuthenticationFailedException("no route", new HttpRequestException("No route to host", new SocketException((int)SocketError.HostUnreachable)))));
        Assert.True(StorageStartup.IsTransient(new AggregateException(new RequestFailedException(0, "refused"), error)));
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(400, false)] // e.g. no identity with that client id
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    public void Identity_EndpointAnswers_TransientOnlyForLater(int status, bool transient)
    {
        var error = IdentityEndpointAnswered(status);
        Assert.Equal(transient, StorageStartup.IsTransient(error));
        Assert.EndsWith($"(HTTP {status} from the identity endpoint)", StorageStartup.Describe(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_NoManagedIdentityHere_IsFatal_WithAnIdentityHint()
    {
        // Where no identity endpoint exists: MSAL's probe finds no source (observed: IMDS answered by something else).
        var error = new AuthenticationFailedException("ManagedIdentityCredential authentication failed: All Managed Identity sources are unavailable.",
            new MsalClientException("managed_identity_all_sources_unavailable", "All Managed Identity sources are unavailable."));

        Assert.False(StorageStartup.IsTransient(error));
        var hint = StorageStartup.Hint(error, identitySettings: true);
        Assert.StartsWith("the credential could not get a token for storage", hint, StringComparison.Ordinal);
        Assert.Contains("GpuWorker:Storage:clientId", hint, StringComparison.Ordinal);
        Assert.EndsWith("Not retried.", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_DefaultAzureCredential_WaitsOnlyWhenItsManagedIdentityCouldNotConnect()
    {
        // DefaultAzureCredential's failure: one CredentialUnavailableException per credential in its chain.
        static CredentialUnavailableException Chain(params Exception[] parts) =>
            new("DefaultAzureCredential failed to retrieve a token from the included credentials.", new AggregateException("Multiple exceptions", parts));
        var environment = new CredentialUnavailableException("EnvironmentCredential authentication unavailable. Environment variables are not fully configured.");
        var visualStudio = new CredentialUnavailableException("VisualStudioCredential authentication failed",
            new CredentialUnavailableException("Visual Studio Token provider can't be accessed", new DirectoryNotFoundException("/root/.IdentityService"))); // an IOException, but not a network one
        var cli = new CredentialUnavailableException("AzureCliCredential authentication failed: Azure CLI not installed");

        Assert.True(StorageStartup.IsTransient(Chain(environment, IdentityEndpointRefused(), visualStudio, cli)));
        Assert.False(StorageStartup.IsTransient(Chain(environment, visualStudio, cli)));
        Assert.False(StorageStartup.IsTransient(Chain(environment, IdentityEndpointAnswered(400), cli)));
    }

    [Fact]
    public void Identity_StorageRefusesTheToken_IsFatal_WithARolesHint()
    {
        var refused = new RequestFailedException(403, "This request is not authorized to perform this operation using this permission.", "AuthorizationPermissionMismatch", null);

        Assert.False(StorageStartup.IsTransient(refused));
        Assert.False(StorageStartup.IsCredentialFailure(refused));
        Assert.Equal("HTTP 403 AuthorizationPermissionMismatch", StorageStartup.Describe(refused));
        var hint = StorageStartup.Hint(refused, identitySettings: true);
        Assert.Contains("Storage Queue Data Contributor", hint, StringComparison.Ordinal);
        Assert.Contains("Storage Blob Data Contributor", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("account key", hint, StringComparison.Ordinal);
        Assert.Contains("account key or SAS in GpuWorker:StorageConnectionString", StorageStartup.Hint(refused, identitySettings: false), StringComparison.Ordinal);
        Assert.False(StorageStartup.IsTransient(new RequestFailedException(401, "no token")));
    }

    private sealed record Captured(string Method, Uri Uri, string? Authorization, string Body);

    /// <summary>Records requests and answers them as the services would, enough for a send and an exists check. No network.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public ConcurrentQueue<Captured> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue(new Captured(request.Method.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
            if (request.Method == HttpMethod.Post)
            {
                const string Sent = """
                    <?xml version="1.0" encoding="utf-8"?><QueueMessagesList><QueueMessage><MessageId>m-1</MessageId><InsertionTime>Mon, 01 Jan 2024 00:00:00 GMT</InsertionTime><ExpirationTime>Mon, 08 Jan 2024 00:00:00 GMT</ExpirationTime><PopReceipt>p-1</PopReceipt><TimeNextVisible>Mon, 01 Jan 2024 00:00:00 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>
                    """;
                return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(Sent, Encoding.UTF8, "application/xml") };
            }
            var missing = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([]) };
            missing.Headers.Add("x-ms-error-code", "ContainerNotFound");
            return missing;
        }
    }

    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
