using System.Runtime.Intrinsics;

namespace VideoGen.GpuWorker.Rendering;

/// <summary>Converts model output (float <c>[N, 3, H, W]</c> in [0, 1]) to raw RGB24 frames.</summary>
internal static class Rgb24
{
    /// <summary>Interleaves and quantizes: byte = round(255 · clamp(v, 0, 1)), frames, rows, pixels, R G B.</summary>
    public static byte[] FromPlanar(ReadOnlySpan<float> planar, int frames, int height, int width)
    {
        var bytes = new byte[frames * 3 * height * width];
        FromPlanar(planar, frames, height, width, bytes);
        return bytes;
    }

    /// <summary>
    /// As <see cref="FromPlanar(ReadOnlySpan{float}, int, int, int)"/>, into <paramref name="destination"/> (exactly
    /// <c>frames · 3 · height · width</c> bytes). Rounding is to nearest, ties to even, as <see cref="MathF.Round(float)"/>.
    /// </summary>
    public static void FromPlanar(ReadOnlySpan<float> planar, int frames, int height, int width, Span<byte> destination)
    {
        var plane = height * width;
        if (planar.Length != frames * 3 * plane)
        {
            throw new ArgumentException($"Expected {frames}×3×{height}×{width} values, got {planar.Length}.", nameof(planar));
        }
        if (destination.Length != planar.Length)
        {
            throw new ArgumentException($"Expected a {planar.Length}-byte destination, got {destination.Length}.", nameof(destination));
        }
        for (var f = 0; f < frames; f++)
        {
            var frame = planar.Slice(f * 3 * plane, 3 * plane);
            Interleave(frame[..plane], frame.Slice(plane, plane), frame.Slice(2 * plane, plane), destination.Slice(f * 3 * plane, 3 * plane));
        }
    }

    private static void Interleave(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<byte> rgb)
    {
        var p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // 8 pixels at a time: quantize each plane in registers, then store the 24 interleaved bytes.
            Span<int> q = stackalloc int[24];
            for (; p + 8 <= r.Length; p += 8)
            {
                Quantize(Vector256.Create(r.Slice(p, 8))).CopyTo(q);
                Quantize(Vector256.Create(g.Slice(p, 8))).CopyTo(q[8..]);
                Quantize(Vector256.Create(b.Slice(p, 8))).CopyTo(q[16..]);
                var target = rgb.Slice(p * 3, 24);
                for (var i = 0; i < 8; i++)
                {
                    target[i * 3] = (byte)q[i];
                    target[(i * 3) + 1] = (byte)q[8 + i];
                    target[(i * 3) + 2] = (byte)q[16 + i];
                }
            }
        }
        for (; p < r.Length; p++)
        {
            rgb[p * 3] = Quantize(r[p]);
            rgb[(p * 3) + 1] = Quantize(g[p]);
            rgb[(p * 3) + 2] = Quantize(b[p]);
        }
    }

    private static Vector256<int> Quantize(Vector256<float> v) =>
        Vector256.ConvertToInt32(Vector256.Round(Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256<float>.One) * 255f));

    private static byte Quantize(float v) => (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
}
