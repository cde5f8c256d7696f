using Xunit;

namespace VideoGen.Testing;

/// <summary>
/// xunit fixture owning one <see cref="AzuriteProcess"/>: started before the first test of the collection,
/// killed (and its workspace deleted) after the last. Use through a collection, see <see cref="AzuriteCollection"/>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    /// <summary>The running Azurite; valid between <see cref="InitializeAsync"/> and <see cref="DisposeAsync"/>.</summary>
    public AzuriteProcess Azurite =>
        _azurite ?? throw new InvalidOperationException("AzuriteFixture is not initialized (or already disposed).");

    /// <inheritdoc cref="AzuriteProcess.ConnectionString"/>
    public string ConnectionString => Azurite.ConnectionString;

    /// <inheritdoc cref="AzuriteProcess.BlobPort"/>
    public int BlobPort => Azurite.BlobPort;

    /// <inheritdoc cref="AzuriteProcess.QueuePort"/>
    public int QueuePort => Azurite.QueuePort;

    /// <inheritdoc cref="AzuriteProcess.TablePort"/>
    public int TablePort => Azurite.TablePort;

    /// <summary>Starts Azurite (see <see cref="AzuriteProcess.StartAsync"/>).</summary>
    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync().ConfigureAwait(false);
    }

    /// <summary>Kills Azurite and deletes its workspace.</summary>
    public async Task DisposeAsync()
    {
        var azurite = Interlocked.Exchange(ref _azurite, null);
        if (azurite is not null)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Name of the Azurite test collection: its classes share one <see cref="AzuriteFixture"/> (taken as a constructor
/// parameter) and run one after another.
/// </summary>
/// <remarks>
/// xunit 2 only honours collection definitions declared in the test assembly itself (analyzer xUnit1041 says so), so
/// a definition here would be ignored. Each test project declares its own, one line:
/// <code>
/// [CollectionDefinition(AzuriteCollection.Name)]
/// public sealed class AzuriteCollectionDefinition : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// and its test classes carry <c>[Collection(AzuriteCollection.Name)]</c>.
/// </remarks>
public static class AzuriteCollection
{
    /// <summary>The collection name, <c>"Azurite"</c>.</summary>
    public const string Name = "Azurite";
}
