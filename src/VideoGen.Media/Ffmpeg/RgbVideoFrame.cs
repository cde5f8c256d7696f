using FFMpegCore.Pipes;

namespace VideoGen.Media;

/// <summary>Adapts one RGB24 frame to FFMpegCore's raw video pipe.</summary>
internal sealed class RgbVideoFrame(byte[] pixels, int width, int height) : IVideoFrame
{
    public int Width => width;

    public int Height => height;

    public string Format => "rgb24";

    public string PixelFormat => "rgb24";

    public void Serialize(Stream pipe) => pipe.Write(pixels);

    public async Task SerializeAsync(Stream pipe, CancellationToken token) =>
        await pipe.WriteAsync(pixels, token).ConfigureAwait(false);
}
