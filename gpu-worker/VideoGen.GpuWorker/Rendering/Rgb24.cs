namespace VideoGen.GpuWorker.Rendering;

/// <summary>Converts model output (float <c>[N, 3, H, W]</c> in [0, 1]) to raw RGB24 frames.</summary>
internal static class Rgb24
{
    /// <summary>Interleaves and quantizes: byte = round(255 · clamp(v, 0, 1)), frames, rows, pixels, R G B.</summary>
    public static byte[] FromPlanar(float[] planar, int frames, int height, int width)
    {
        var plane = height * width;
        if (planar.Length != frames * 3 * plane)
        {
            throw new ArgumentException($"Expected {frames}×3×{height}×{width} values, got {planar.Length}.", nameof(planar));
        }
        var bytes = new byte[planar.Length];
        for (var f = 0; f < frames; f++)
        {
            var source = f * 3 * plane;
            var target = f * 3 * plane;
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var v = Math.Clamp(planar[source + c * plane + p], 0f, 1f);
                    bytes[target + p * 3 + c] = (byte)MathF.Round(v * 255f);
                }
            }
        }
        return bytes;
    }
}
