using System.Net;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Pipeline.Tests.Trust;

/// <summary>The links a CMS gets to published files: read-only SAS on Azurite, fetched with no credentials at all.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishedLinksTests(AzuriteFixture azurite)
{
    private readonly BlobServiceClient _blobs = new(azurite.ConnectionString);

    private static readonly HttpClient Anonymous = new();

    private async Task<BlobClient> UploadAsync(byte[] content)
    {
        BlobContainerClient container = _blobs.GetBlobContainerClient("links-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateIfNotExistsAsync(); // private: no anonymous access
        BlobClient blob = container.GetBlobClient("contoso/brief-1/v1-abc/video.mp4");
        await blob.UploadAsync(BinaryData.FromBytes(content));
        return blob;
    }

    private PublishedLinks Links(TimeSpan lifetime) => new(_blobs, Options.Create(new PublishOptions { LinkLifetime = lifetime }));

    private static async Task<Uri> OneAsync(PublishedLinks links, Uri blob, DateTimeOffset publishedAt) =>
        (await links.ReadLinksAsync([blob], publishedAt, CancellationToken.None)).Single();

    [Fact]
    public async Task ReadLink_FetchesTheBlobWithoutCredentials_AndIsTheSameLinkWhenMadeAgain()
    {
        byte[] content = [1, 2, 3, 4, 5];
        BlobClient blob = await UploadAsync(content);
        DateTimeOffset publishedAt = DateTimeOffset.UtcNow;

        Uri link = await OneAsync(Links(TimeSpan.FromDays(7)), blob.Uri, publishedAt);
        Uri again = await OneAsync(Links(TimeSpan.FromDays(7)), blob.Uri, publishedAt);
        HttpResponseMessage plain = await Anonymous.GetAsync(blob.Uri);

        Assert.Contains("sp=r", link.Query); // read only
        Assert.Equal(content, await Anonymous.GetByteArrayAsync(link));
        Assert.Equal(link, again); // a re-executed notification sends the same links
        Assert.False(plain.IsSuccessStatusCode, $"the container is private, yet the plain URL answered {(int)plain.StatusCode}");
    }

    [Fact]
    public async Task ReadLink_PastItsLifetime_IsRefused_AndCannotWrite()
    {
        BlobClient blob = await UploadAsync([9, 9]);

        Uri expired = await OneAsync(Links(TimeSpan.FromHours(1)), blob.Uri, DateTimeOffset.UtcNow.AddHours(-2));
        Uri valid = await OneAsync(Links(TimeSpan.FromHours(1)), blob.Uri, DateTimeOffset.UtcNow);
        HttpResponseMessage late = await Anonymous.GetAsync(expired);
        using var put = new HttpRequestMessage(HttpMethod.Put, valid) { Content = new ByteArrayContent([0]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        HttpResponseMessage write = await Anonymous.SendAsync(put);

        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(new byte[] { 9, 9 }, (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task ReadLink_ZeroLifetime_IsThePlainUrl_AndAnotherAccountsBlobIsRefused()
    {
        BlobClient blob = await UploadAsync([7]);

        Uri plain = await OneAsync(Links(TimeSpan.Zero), blob.Uri, DateTimeOffset.UtcNow);
        var other = await Assert.ThrowsAsync<ArgumentException>(() =>
            OneAsync(Links(TimeSpan.FromDays(1)), new Uri("https://someoneelse.blob.core.windows.net/published/x/video.mp4"), DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<ArgumentException>(() => OneAsync(Links(TimeSpan.FromDays(8)), blob.Uri, DateTimeOffset.UtcNow));

        Assert.Equal(blob.Uri, plain);
        Assert.Contains("someoneelse", other.Message);
    }
}
