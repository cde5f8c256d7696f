using System.Text;

namespace VideoGen.Media.Tests;

public class RgbChunkStreamTests
{
    [Fact]
    public async Task WriteThenRead_Chunk_RoundTripsHeaderAndFrames()
    {
        var chunk = new FrameChunk(3, 4, Synthetic.Clip(6));
        using var stream = new MemoryStream();
        await RgbChunkStream.WriteAsync(stream, chunk);
        stream.Position = 0;

        FrameChunk read = await RgbChunkStream.ReadAsync(stream);

        Assert.Equal(3, read.Index);
        Assert.Equal(4, read.OverlapFrames);
        Assert.Equal((Synthetic.Width, Synthetic.Height, Synthetic.Fps), (read.Frames.Width, read.Frames.Height, read.Frames.Fps));
        Assert.Equal(chunk.Frames.Frames, read.Frames.Frames);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public async Task Write_Header_IsOneJsonLineBeforeTheFrames()
    {
        using var stream = new MemoryStream();
        await RgbChunkStream.WriteAsync(stream, new FrameChunk(0, 0, Synthetic.Clip(2)));

        string text = Encoding.UTF8.GetString(stream.ToArray());
        string header = text[..text.IndexOf('\n')];
        Assert.Equal(
            "{\"format\":\"rgb24\",\"width\":64,\"height\":48,\"fps\":24,\"frameCount\":2,\"chunkIndex\":0,\"overlapFrames\":0}",
            header);
        Assert.Equal(header.Length + 1 + (2 * 64 * 48 * 3), stream.Length);
    }

    [Fact]
    public async Task Read_TruncatedFrames_ThrowsInvalidData()
    {
        using var stream = new MemoryStream();
        await RgbChunkStream.WriteAsync(stream, new FrameChunk(0, 0, Synthetic.Clip(3)));
        using var truncated = new MemoryStream(stream.ToArray()[..^100]);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => RgbChunkStream.ReadAsync(truncated));
        Assert.Contains("frame 2 of 3", e.Message);
    }

    [Theory]
    [InlineData("{\"format\":\"yuv420p\",\"width\":4,\"height\":4,\"fps\":24,\"frameCount\":0,\"chunkIndex\":0,\"overlapFrames\":0}\n")]
    [InlineData("{\"format\":\"rgb24\",\"width\":0,\"height\":4,\"fps\":24,\"frameCount\":0,\"chunkIndex\":0,\"overlapFrames\":0}\n")]
    [InlineData("{\"format\":\"rgb24\",\"width\":4,\"height\":4,\"fps\":24,\"frameCount\":1,\"chunkIndex\":0,\"overlapFrames\":2}\n")]
    [InlineData("not json\n")]
    [InlineData("{\"format\":\"rgb24\"")]
    public async Task Read_BadHeader_ThrowsInvalidData(string header)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(header));

        await Assert.ThrowsAsync<InvalidDataException>(() => RgbChunkStream.ReadAsync(stream));
    }

    [Fact]
    public async Task WriteFileThenReadFile_RgbFile_RoundTrips()
    {
        string path = Synthetic.TempPath(".rgb");
        try
        {
            await RgbChunkStream.WriteFileAsync(path, new FrameChunk(1, 2, Synthetic.Clip(4)));
            FrameChunk read = await RgbChunkStream.ReadFileAsync(path);
            Assert.Equal(Synthetic.Clip(4).Frames, read.Frames.Frames);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
