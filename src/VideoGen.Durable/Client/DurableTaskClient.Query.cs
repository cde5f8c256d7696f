using Azure;
using Azure.Data.Tables;
using VideoGen.Durable.Storage;

namespace VideoGen.Durable;

public sealed partial class DurableTaskClient
{
    /// <summary>Instances matching <paramref name="query"/>, page by page (continuation tokens are opaque strings).</summary>
    public AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null)
    {
        query ??= new OrchestrationQuery();
        if (query.PageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "OrchestrationQuery.PageSize must be between 1 and 1000.");
        }

        string? filter = BuildFilter(query.Statuses, query.CreatedFrom, query.CreatedTo, query.InstanceIdPrefix, query.Name);
        return new InstancePageable(this, filter, query.PageSize, query.FetchInputsAndOutputs);
    }

    /// <summary>Deletes a finished instance's history, payloads and instance row.</summary>
    /// <exception cref="InvalidOperationException">The instance is still running.</exception>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        OrchestrationMetadata? metadata = await GetInstanceAsync(instanceId, false, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return new PurgeResult(0);
        }

        if (!metadata.IsCompleted)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {metadata.RuntimeStatus}; only finished instances can be purged. Terminate it first.");
        }

        await _storage.DeleteHistoryAsync(instanceId, keepExecutionId: null, cancellationToken).ConfigureAwait(false);
        await _storage.DeletePayloadsAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await _storage.DeleteInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return new PurgeResult(1);
    }

    /// <summary>Purges every finished instance matching <paramref name="filter"/>.</summary>
    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IReadOnlyCollection<OrchestrationRuntimeStatus> statuses = filter.Statuses is { Count: > 0 }
            ? filter.Statuses
            : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Canceled];
        if (statuses.Any(s => !s.IsTerminal()))
        {
            throw new ArgumentException("PurgeInstancesFilter.Statuses may only name terminal statuses.", nameof(filter));
        }

        string? odata = BuildFilter(statuses, filter.CreatedFrom, filter.CreatedTo, filter.InstanceIdPrefix, null);
        var ids = new List<string>();
        string? token = null;
        do
        {
            (IReadOnlyList<InstanceRow> rows, token) = await _storage.QueryInstancesAsync(odata, 1000, token, cancellationToken).ConfigureAwait(false);
            ids.AddRange(rows.Select(r => r.InstanceId));
        }
        while (token is not null);

        int purged = 0;
        foreach (string id in ids)
        {
            purged += (await PurgeInstanceAsync(id, cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return new PurgeResult(purged);
    }

    private static string? BuildFilter(IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, DateTimeOffset? from, DateTimeOffset? to, string? prefix, string? name)
    {
        var clauses = new List<string>();
        if (statuses is { Count: > 0 })
        {
            clauses.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (from is { } f)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime ge {f}"));
        }

        if (to is { } t)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime lt {t}"));
        }

        if (!string.IsNullOrEmpty(prefix))
        {
            string upper = prefix[..^1] + (char)(prefix[^1] + 1);
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {upper}"));
        }

        if (!string.IsNullOrEmpty(name))
        {
            clauses.Add(TableClient.CreateQueryFilter($"Name eq {name}"));
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    private sealed class InstancePageable(DurableTaskClient client, string? filter, int pageSize, bool withData) : AsyncPageable<OrchestrationMetadata>
    {
        public override async IAsyncEnumerable<Page<OrchestrationMetadata>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
        {
            await client._ready.EnsureAsync(CancellationToken).ConfigureAwait(false);
            string? token = continuationToken;
            do
            {
                (IReadOnlyList<InstanceRow> rows, token) = await client._storage
                    .QueryInstancesAsync(filter, pageSizeHint ?? pageSize, token, CancellationToken).ConfigureAwait(false);
                var items = new List<OrchestrationMetadata>(rows.Count);
                foreach (InstanceRow row in rows)
                {
                    items.Add(await client.ToMetadataAsync(row, withData, CancellationToken).ConfigureAwait(false));
                }

                yield return Page<OrchestrationMetadata>.FromValues(items, token, new EmptyResponse());
            }
            while (token is not null);
        }
    }

    /// <summary>Pages built from table pages carry no single HTTP response of their own.</summary>
    private sealed class EmptyResponse : Response
    {
        public override int Status => 200;
        public override string ReasonPhrase => "OK";
        public override Stream? ContentStream { get; set; }
        public override string ClientRequestId { get; set; } = "";
        public override void Dispose() { }
        protected override bool ContainsHeader(string name) => false;
        protected override IEnumerable<Azure.Core.HttpHeader> EnumerateHeaders() => [];
        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) { value = null; return false; }
        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values) { values = null; return false; }
    }
}
