using VideoGen.GpuWorker.Rendering;

namespace VideoGen.GpuWorker.Tests;

public sealed class Rgb24Tests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 5)]   // 15 pixels: one vector of 8 and a scalar tail of 7
    [InlineData(3, 16, 9)]
    public void FromPlanar_AnySize_MatchesScalarRoundingIncludingTiesAndOutOfRange(int frames, int height, int width)
    {
        var random = new Random(frames * 1000 + height * 10 + width);
        var planar = new float[frames * 3 * height * width];
        for (var i = 0; i < planar.Length; i++)
        {
            planar[i] = (i % 5) switch
            {
                0 => (random.Next(0, 256) + 0.5f) / 255f,       // ties: k + ½ after scaling
                1 => random.Next(0, 256) / 255f,                // exact levels
                2 => (float)(random.NextDouble() * 1.4) - 0.2f, // includes values below 0 and above 1
                3 => (float)random.NextDouble(),
                _ => i % 2 == 0 ? -3f : 7f,
            };
        }

        var bytes = Rgb24.FromPlanar(planar, frames, height, width);

        var plane = height * width;
        for (var f = 0; f < frames; f++)
        {
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var expected = (byte)MathF.Round(Math.Clamp(planar[(((f * 3) + c) * plane) + p], 0f, 1f) * 255f);
                    Assert.True(expected == bytes[(((f * plane) + p) * 3) + c], $"frame {f} pixel {p} channel {c}: {planar[(((f * 3) + c) * plane) + p]:R}");
                }
            }
        }
    }

    [Fact]
    public void FromPlanar_WrongLengths_NameTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => Rgb24.FromPlanar(new float[10], 1, 2, 2));
        Assert.Contains("Expected 1×3×2×2 values, got 10", e.Message, StringComparison.Ordinal);
        var d = Assert.Throws<ArgumentException>(() => Rgb24.FromPlanar(new float[12], 1, 2, 2, new byte[11]));
        Assert.Contains("12-byte destination", d.Message, StringComparison.Ordinal);
    }
}
