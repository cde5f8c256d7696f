namespace VideoGen.Workflow.Tests;

/// <summary>
/// A <see cref="WorkflowHost"/> (its own task hub) on the test assembly's Azurite, for one test class (its
/// collection): started before its first test, stopped after its last.
/// </summary>
public sealed class WorkflowHostFixture : IAsyncLifetime
{
    private WorkflowHost? _host;
    private bool _holdsAzurite;

    /// <summary>The running host.</summary>
    public WorkflowHost Host => _host ?? throw new InvalidOperationException("The workflow host is not running.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        AzuriteProcess azurite = await SharedAzurite.AcquireAsync();
        _holdsAzurite = true;
        _host = await WorkflowHost.StartAsync(azurite.ConnectionString);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            if (_holdsAzurite)
            {
                await SharedAzurite.ReleaseAsync();
            }
        }
    }
}

/// <summary>
/// One Azurite for the collections of the test assembly (they run side by side, each on its own task hub): started by
/// the first to need it, stopped when the last lets go. Starting Azurite is the slowest step on a busy machine.
/// </summary>
public static class SharedAzurite
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteProcess? _azurite;
    private static int _users;

    /// <summary>The running Azurite (started if none); pair with <see cref="ReleaseAsync"/>.</summary>
    public static async Task<AzuriteProcess> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _azurite ??= await AzuriteProcess.StartAsync();
            _users++;
            return _azurite;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Lets go of Azurite; the last user stops it.</summary>
    public static async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_users == 0 && _azurite is { } azurite)
            {
                _azurite = null;
                await azurite.DisposeAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
