using Xunit;

namespace VideoGen.Testing;

/// <summary>
/// xunit fixture owning one <see cref="MaildevProcess"/> for a collection: started before its first test, killed after
/// its last. Test projects declare the collection themselves (see <see cref="AzuriteCollection"/> for why):
/// <code>
/// [CollectionDefinition(MaildevCollection.Name)]
/// public sealed class MaildevCollectionDefinition : ICollectionFixture&lt;MaildevFixture&gt;;
/// </code>
/// </summary>
public sealed class MaildevFixture : IAsyncLifetime
{
    private MaildevProcess? _maildev;

    /// <summary>The running maildev; valid between <see cref="InitializeAsync"/> and <see cref="DisposeAsync"/>.</summary>
    public MaildevProcess Maildev =>
        _maildev ?? throw new InvalidOperationException("MaildevFixture is not initialized (or already disposed).");

    /// <summary>Starts maildev.</summary>
    public async Task InitializeAsync() => _maildev = await MaildevProcess.StartAsync().ConfigureAwait(false);

    /// <summary>Kills maildev.</summary>
    public async Task DisposeAsync()
    {
        var maildev = Interlocked.Exchange(ref _maildev, null);
        if (maildev is not null)
        {
            await maildev.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Name of the maildev test collection.</summary>
public static class MaildevCollection
{
    /// <summary>The collection name, <c>"Maildev"</c>.</summary>
    public const string Name = "Maildev";
}
