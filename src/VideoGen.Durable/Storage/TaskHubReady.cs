namespace VideoGen.Durable.Storage;

/// <summary>Creates the hub's storage resources once per process, on first use.</summary>
internal sealed class TaskHubReady(IDurableStorage storage)
{
    private readonly Lazy<Task> _created = new(() => storage.EnsureCreatedAsync(CancellationToken.None));

    public async Task EnsureAsync(CancellationToken ct)
    {
        Task created = _created.Value;
        await created.WaitAsync(ct).ConfigureAwait(false);
    }
}
