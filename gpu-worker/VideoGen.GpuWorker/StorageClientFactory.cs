using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace VideoGen.GpuWorker;

/// <summary>
/// The one place the worker's storage clients are made, in either form of <see cref="GpuWorkerOptions"/>: from
/// <see cref="GpuWorkerOptions.StorageConnectionString"/>, or (when it is empty) from the
/// <see cref="GpuWorkerOptions.Storage"/> endpoints with a <see cref="TokenCredential"/>. Both forms get the same client
/// options (<see cref="QueueOptions"/>, <see cref="BlobOptions"/>: plain UTF-8 queue messages, the SDK's retries), so
/// nothing but authentication differs. One credential serves every client, so its token cache is shared.
/// </summary>
public sealed class StorageClientFactory
{
    private readonly string? _connectionString;
    private readonly Uri? _blobUri;
    private readonly Uri? _queueUri;

    /// <summary>Creates the factory from the validated options (reading them validates them).</summary>
    public StorageClientFactory(IOptions<GpuWorkerOptions> options) : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>
    /// Creates the factory from <paramref name="options"/>; with identity settings, <paramref name="credential"/>
    /// replaces the one <see cref="CreateCredential"/> would make (tests).
    /// </summary>
    internal StorageClientFactory(GpuWorkerOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesIdentityStorage)
        {
            _connectionString = options.StorageConnectionString;
            return;
        }
        _blobUri = new Uri(options.Storage.BlobServiceUri.Trim(), UriKind.Absolute);
        _queueUri = new Uri(options.Storage.QueueServiceUri.Trim(), UriKind.Absolute);
        Credential = credential ?? CreateCredential(options.Storage);
        CredentialName = credential is null ? DescribeCredential(options.Storage) : credential.GetType().Name;
    }

    /// <summary>True when the clients authenticate with <see cref="Credential"/> (the identity-based settings).</summary>
    public bool UsesIdentity => Credential is not null;

    /// <summary>The token credential of the identity-based form; null with a connection string.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Which credential, for logs and messages: e.g. <c>ManagedIdentityCredential (client id …)</c>; null with a connection string.</summary>
    public string? CredentialName { get; }

    /// <summary>The client options of the worker's queue clients: messages are plain UTF-8 JSON (no base64), the SDK's retries.</summary>
    public static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.None };

    /// <summary>The client options of the worker's blob clients (the SDK's defaults).</summary>
    public static BlobClientOptions BlobOptions() => new();

    /// <summary>A queue service client; <paramref name="adjust"/> may change the options (the start-up probes turn retries off).</summary>
    public QueueServiceClient CreateQueueServiceClient(Action<QueueClientOptions>? adjust = null)
    {
        var options = QueueOptions();
        adjust?.Invoke(options);
        return Credential is null ? new QueueServiceClient(_connectionString, options) : new QueueServiceClient(_queueUri!, Credential, options);
    }

    /// <summary>A blob service client; <paramref name="adjust"/> may change the options.</summary>
    public BlobServiceClient CreateBlobServiceClient(Action<BlobClientOptions>? adjust = null)
    {
        var options = BlobOptions();
        adjust?.Invoke(options);
        return Credential is null ? new BlobServiceClient(_connectionString, options) : new BlobServiceClient(_blobUri!, Credential, options);
    }

    /// <summary>
    /// The credential of the identity-based settings: <c>credential=managedidentity</c> →
    /// <see cref="ManagedIdentityCredential"/> for the user-assigned <c>clientId</c>, or the system-assigned identity
    /// without one; otherwise <see cref="DefaultAzureCredential"/> (with <c>clientId</c> as its managed identity's client
    /// id when given; without it <c>AZURE_CLIENT_ID</c> picks one). Nothing is requested until a client needs a token.
    /// </summary>
    public static TokenCredential CreateCredential(GpuWorkerStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var clientId = storage.ClientId.Trim();
        if (storage.UsesManagedIdentityCredential)
        {
            return new ManagedIdentityCredential(clientId.Length > 0 ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned);
        }
        return clientId.Length > 0 ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }) : new DefaultAzureCredential();
    }

    /// <summary>
    /// Why the SDK would refuse clients for these endpoints with a token credential (its own checks), or null. A
    /// stand-in credential is used: nothing is requested and nothing is sent.
    /// </summary>
    internal static string? IdentityClientProblem(GpuWorkerStorageOptions storage)
    {
        try
        {
            _ = new QueueServiceClient(new Uri(storage.QueueServiceUri.Trim(), UriKind.Absolute), NoCredential.Instance, QueueOptions());
            _ = new BlobServiceClient(new Uri(storage.BlobServiceUri.Trim(), UriKind.Absolute), NoCredential.Instance, BlobOptions());
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            return e.Message;
        }
    }

    private static string DescribeCredential(GpuWorkerStorageOptions storage)
    {
        var clientId = storage.ClientId.Trim();
        return storage.UsesManagedIdentityCredential
            ? $"{nameof(ManagedIdentityCredential)} ({(clientId.Length > 0 ? $"user-assigned, client id {clientId}" : "system-assigned")})"
            : $"{nameof(DefaultAzureCredential)}{(clientId.Length > 0 ? $" (managed identity client id {clientId})" : "")}";
    }

    /// <summary>A credential that is never asked for a token; only for the SDK's constructor checks.</summary>
    private sealed class NoCredential : TokenCredential
    {
        public static readonly NoCredential Instance = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Not for requests.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Not for requests.");
    }
}
