using Azure.Data.Tables;

namespace VideoGen.Pipeline.Accounting;

/// <summary>
/// A table created on first use. A failed or cancelled creation is not cached: the next call tries again (creation
/// is idempotent, so a concurrent duplicate attempt is harmless).
/// </summary>
internal sealed class LazyTable(TableClient client)
{
    private Task? _created;

    public TableClient Client => client;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Task? created = Volatile.Read(ref _created);
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            Task fresh = client.CreateIfNotExistsAsync(CancellationToken.None);
            created = Interlocked.CompareExchange(ref _created, fresh, created) == created ? fresh : Volatile.Read(ref _created)!;
        }

        await created.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
