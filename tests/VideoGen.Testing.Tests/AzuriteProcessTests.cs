using System.Diagnostics;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Xunit.Abstractions;

namespace VideoGen.Testing.Tests;

/// <summary>AzuriteProcess outside any fixture: side-by-side instances and clean shutdown.</summary>
public sealed class AzuriteProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartAsync_TwoInstancesSideBySide_UseDifferentPortsAndSeparateData()
    {
        var starting = new[] { AzuriteProcess.StartAsync(), AzuriteProcess.StartAsync() };
        await using var a = await starting[0];
        await using var b = await starting[1];
        output.WriteLine($"{a} in {a.StartupTime.TotalMilliseconds:0} ms; {b} in {b.StartupTime.TotalMilliseconds:0} ms");

        int[] ports = [a.BlobPort, a.QueuePort, a.TablePort, b.BlobPort, b.QueuePort, b.TablePort];
        Assert.Equal(6, ports.Distinct().Count());
        Assert.NotEqual(a.Location, b.Location);

        var containerName = Unique.HubName("side").ToLowerInvariant();
        var inA = new BlobServiceClient(a.ConnectionString).GetBlobContainerClient(containerName);
        await inA.CreateAsync();
        await inA.GetBlobClient("only-in-a").UploadAsync(BinaryData.FromString("a"));

        var inB = new BlobServiceClient(b.ConnectionString).GetBlobContainerClient(containerName);
        Assert.False((await inB.ExistsAsync()).Value);
        Assert.True((await inA.GetBlobClient("only-in-a").ExistsAsync()).Value);
    }

    [Fact]
    public async Task DisposeAsync_Running_KillsProcessFreesPortsAndDeletesLocation()
    {
        var azurite = await AzuriteProcess.StartAsync();
        var pid = azurite.ProcessId;
        var location = azurite.Location;
        Assert.True(Directory.Exists(location));

        await azurite.DisposeAsync();
        await azurite.DisposeAsync(); // idempotent

        Assert.False(IsRunning(pid));
        Assert.False(Directory.Exists(location));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", azurite.BlobPort));
    }

    [Fact]
    public async Task StartAsync_AlreadyCancelled_Throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => AzuriteProcess.StartAsync(new CancellationToken(canceled: true)));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
