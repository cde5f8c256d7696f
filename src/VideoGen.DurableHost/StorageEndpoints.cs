using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace VideoGen.DurableHost;

/// <summary>
/// Where storage is and how to reach it, read the way the Functions host reads a connection named
/// <c>AzureWebJobsStorage</c>: either a connection string (the setting itself; Azurite locally), or identity-based
/// settings (<c>AzureWebJobsStorage__accountName</c>, or <c>__blobServiceUri</c> + <c>__queueServiceUri</c> +
/// <c>__tableServiceUri</c>; <c>__credential=managedidentity</c> with an optional <c>__clientId</c> for a
/// user-assigned identity, otherwise <see cref="DefaultAzureCredential"/>). One place builds every storage client the
/// app and the engine use, so both reach the same account the same way.
/// </summary>
public sealed class StorageEndpoints
{
    private readonly HttpPipelinePolicy[] _policies;

    private StorageEndpoints(string? connectionString, Uri? blob, Uri? queue, Uri? table, TokenCredential? credential, HttpPipelinePolicy[]? policies = null)
    {
        ConnectionString = connectionString;
        BlobUri = blob;
        QueueUri = queue;
        TableUri = table;
        Credential = credential;
        _policies = policies ?? [];
    }

    /// <summary>
    /// The same endpoints with <paramref name="policy"/> added to the pipeline of every client created from them
    /// (the engine's included), once per HTTP attempt (<see cref="HttpPipelinePosition.PerRetry"/>); e.g. a bench's
    /// request counter.
    /// </summary>
    public StorageEndpoints WithPipelinePolicy(HttpPipelinePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new StorageEndpoints(ConnectionString, BlobUri, QueueUri, TableUri, Credential, [.. _policies, policy]);
    }

    /// <summary>The connection string, when storage is reached with one (Azurite, or an account key).</summary>
    public string? ConnectionString { get; }

    /// <summary>Blob endpoint (identity-based settings).</summary>
    public Uri? BlobUri { get; }

    /// <summary>Queue endpoint (identity-based settings).</summary>
    public Uri? QueueUri { get; }

    /// <summary>Table endpoint (identity-based settings).</summary>
    public Uri? TableUri { get; }

    /// <summary>The identity storage is reached with (identity-based settings).</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Where the endpoints are, for logs (never the key).</summary>
    public string Describe() => ConnectionString is { } cs
        ? string.Join(';', cs.Split(';', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains("Endpoint", StringComparison.OrdinalIgnoreCase) || p.StartsWith("AccountName", StringComparison.OrdinalIgnoreCase) || p.StartsWith("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase)))
        : $"{BlobUri} (identity)";

    /// <summary>A connection string.</summary>
    public static StorageEndpoints FromConnectionString(string connectionString) =>
        new(string.IsNullOrWhiteSpace(connectionString) ? throw new ArgumentException("The storage connection string is empty.", nameof(connectionString)) : connectionString, null, null, null, null);

    /// <summary>
    /// Reads connection <paramref name="name"/> (default <c>AzureWebJobsStorage</c>) from <paramref name="config"/>;
    /// throws <see cref="InvalidOperationException"/> naming the settings when neither form is there.
    /// </summary>
    public static StorageEndpoints FromConfiguration(IConfiguration config, string name = "AzureWebJobsStorage")
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config[name] is { Length: > 0 } cs)
        {
            return FromConnectionString(cs);
        }

        IConfigurationSection s = config.GetSection(name);
        string? account = s["accountName"];
        Uri? Endpoint(string key, string service) =>
            s[key] is { Length: > 0 } u ? new Uri(u) : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net") : null;
        Uri? blob = Endpoint("blobServiceUri", "blob"), queue = Endpoint("queueServiceUri", "queue"), table = Endpoint("tableServiceUri", "table");
        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {name} to a connection string (locally Azurite's, e.g. UseDevelopmentStorage=true), " +
                $"or {name}__accountName (or {name}__blobServiceUri, __queueServiceUri and __tableServiceUri) to reach it with an identity.");
        }

        TokenCredential credential = string.Equals(s["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? (s["clientId"] is { Length: > 0 } clientId ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)) : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned))
            : new DefaultAzureCredential();
        return new StorageEndpoints(null, blob, queue, table, credential);
    }

    /// <summary>A blob service client.</summary>
    public BlobServiceClient CreateBlobClient(BlobClientOptions? options = null)
    {
        options = WithPolicies(options ?? new BlobClientOptions());
        return ConnectionString is { } cs ? new BlobServiceClient(cs, options) : new BlobServiceClient(BlobUri!, Credential!, options);
    }

    /// <summary>A queue service client.</summary>
    public QueueServiceClient CreateQueueClient(QueueClientOptions? options = null)
    {
        options = WithPolicies(options ?? new QueueClientOptions());
        return ConnectionString is { } cs ? new QueueServiceClient(cs, options) : new QueueServiceClient(QueueUri!, Credential!, options);
    }

    /// <summary>A table service client.</summary>
    public TableServiceClient CreateTableClient(TableClientOptions? options = null)
    {
        options = WithPolicies(options ?? new TableClientOptions());
        return ConnectionString is { } cs ? new TableServiceClient(cs, options) : new TableServiceClient(TableUri!, Credential!, options);
    }

    /// <summary>The DTFx Azure Storage provider's view of the same account.</summary>
    public StorageAccountClientProvider CreateDurableProvider()
    {
        BlobClientOptions blob = WithPolicies(new BlobClientOptions());
        QueueClientOptions queue = WithPolicies(new QueueClientOptions());
        TableClientOptions table = WithPolicies(new TableClientOptions());
        return ConnectionString is { } cs
            ? new StorageAccountClientProvider(StorageServiceClientProvider.ForBlob(cs, blob), StorageServiceClientProvider.ForQueue(cs, queue), StorageServiceClientProvider.ForTable(cs, table))
            : new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(BlobUri!, Credential!, blob),
                StorageServiceClientProvider.ForQueue(QueueUri!, Credential!, queue),
                StorageServiceClientProvider.ForTable(TableUri!, Credential!, table));
    }

    private T WithPolicies<T>(T options) where T : ClientOptions
    {
        foreach (HttpPipelinePolicy policy in _policies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return options;
    }
}
