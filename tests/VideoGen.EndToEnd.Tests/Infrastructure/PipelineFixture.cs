using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using VideoGen.Inference.ReferenceModels;
using VideoGen.Pipeline.Provenance;

namespace VideoGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Shared by the end-to-end collection: one Azurite, one maildev, the reference models and the development keys.
/// Each test class starts its own function app and GPU worker on them (<see cref="Pipeline"/>).
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public MaildevProcess Maildev { get; private set; } = null!;

    public string ModelsManifest { get; private set; } = "";

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "videogen-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public string SigningKeyPem { get; } = ManifestSigner.CreateDevelopmentKeyPem();

    public string ApprovalSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string CmsSecret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string PublicKeyPem
    {
        get
        {
            using var signer = new ManifestSigner(SigningKeyPem, "e2e");
            return signer.PublicKeyPem;
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Work);
        Azurite = await AzuriteProcess.StartAsync();
        Maildev = await MaildevProcess.StartAsync();
        ModelsManifest = Path.Combine(ReferenceModelSet.WriteAll(Path.Combine(Work, "models")).BaseDirectory, ReferenceModelSet.ManifestFileName);
    }

    public async Task DisposeAsync()
    {
        await Maildev.DisposeAsync();
        await Azurite.DisposeAsync();
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "Pipeline";
}
