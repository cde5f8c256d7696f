namespace VideoGen.Media.Tests;

public class CompositingTests
{
    [Fact]
    public void Composite_ProductWithMask_PutsProductPixelsOnlyWhereMaskSays()
    {
        ProductImage product = Synthetic.Disc(16);
        FrameSequence background = Synthetic.Clip(4);
        var at = new ProductPlacement(20, 10);

        FrameSequence result = ProductCompositor.Composite(background, product, at);

        for (int f = 0; f < result.Count; f++)
        {
            for (int y = 0; y < Synthetic.Height; y++)
            {
                for (int x = 0; x < Synthetic.Width; x++)
                {
                    int o = ((y * Synthetic.Width) + x) * 3;
                    int px = x - at.X, py = y - at.Y;
                    bool inBox = px is >= 0 and < 16 && py is >= 0 and < 16;
                    bool covered = inBox && product.Mask.Alpha[(py * 16) + px] == 255;
                    byte[] expected = covered ? product.Rgb[(((py * 16) + px) * 3)..((((py * 16) + px) * 3) + 3)] : background.Frames[f][o..(o + 3)];
                    Assert.Equal(expected, result.Frames[f][o..(o + 3)]);
                }
            }
        }
    }

    [Fact]
    public void Composite_HalfCoverage_MixesProductAndBackground()
    {
        var product = new ProductImage(1, 1, [200, 100, 0], new ProductMask(1, 1, [128]), true);
        var background = new FrameSequence(2, 1, 24, [new byte[] { 0, 100, 200, 9, 9, 9 }]);

        FrameSequence result = ProductCompositor.Composite(background, product, new ProductPlacement(0, 0));

        Assert.Equal(new byte[] { 100, 100, 100, 9, 9, 9 }, result.Frames[0]);
        Assert.Equal(new byte[] { 0, 100, 200, 9, 9, 9 }, background.Frames[0]);
    }

    [Fact]
    public void Composite_RandomMaskPartlyOutside_MatchesThePlainFormula()
    {
        var random = new Random(3);
        byte[] rgb = new byte[20 * 12 * 3], alpha = new byte[20 * 12];
        random.NextBytes(rgb);
        random.NextBytes(alpha);
        for (int i = 0; i < alpha.Length; i += 3)
        {
            alpha[i] = (byte)(i % 2 == 0 ? 0 : 255); // plenty of the two extremes as well
        }

        var product = new ProductImage(20, 12, rgb, new ProductMask(20, 12, alpha), true);
        FrameSequence background = Synthetic.Clip(3);
        static ProductPlacement At(int f) => new(-7 + (30 * f), 40 - (20 * f));

        FrameSequence result = ProductCompositor.Composite(background, product, At);

        for (int f = 0; f < 3; f++)
        {
            byte[] expected = (byte[])background.Frames[f].Clone();
            for (int py = 0; py < 12; py++)
            {
                for (int px = 0; px < 20; px++)
                {
                    int x = At(f).X + px, y = At(f).Y + py, a = alpha[(py * 20) + px];
                    if (x < 0 || y < 0 || x >= Synthetic.Width || y >= Synthetic.Height || a == 0)
                    {
                        continue;
                    }

                    for (int c = 0; c < 3; c++)
                    {
                        int o = (((y * Synthetic.Width) + x) * 3) + c;
                        expected[o] = (byte)(((rgb[(((py * 20) + px) * 3) + c] * a) + (expected[o] * (255 - a)) + 127) / 255);
                    }
                }
            }

            Assert.Equal(expected, result.Frames[f]);
        }
    }

    [Fact]
    public void Composite_PlacementPartlyOutside_ClipsWithoutError()
    {
        FrameSequence result = ProductCompositor.Composite(Synthetic.Clip(1), Synthetic.Disc(16), new ProductPlacement(56, -8));

        Assert.Equal(Synthetic.Clip(1).FrameSize, result.Frames[0].Length);
    }

    [Fact]
    public void Measure_CompositedAtTruePlacement_IoUOneAndNoColourError()
    {
        ProductImage product = Synthetic.Disc(16);
        FrameSequence result = ProductCompositor.Composite(Synthetic.Clip(6), product, f => new ProductPlacement(10 + f, 12));

        ProductFidelityReport report = ProductFidelity.Measure(result, product, f => new ProductPlacement(10 + f, 12));

        Assert.Equal(6, report.FramesSampled);
        Assert.True(report.MinMaskIoU > 0.97, $"IoU {report.MinMaskIoU:F3}");
        Assert.True(report.MeanDeltaE < 0.5, $"ΔE {report.MeanDeltaE:F2}");
    }

    [Fact]
    public void Measure_ProductMisplaced_IoUDrops()
    {
        ProductImage product = Synthetic.Disc(16);
        FrameSequence result = ProductCompositor.Composite(Synthetic.Clip(3), product, new ProductPlacement(30, 20));

        ProductFidelityReport report = ProductFidelity.Measure(result, product, _ => new ProductPlacement(22, 20));

        Assert.True(report.MeanMaskIoU < 0.6, $"IoU {report.MeanMaskIoU:F3}");
    }

    [Fact]
    public void Measure_ProductColourShifted_DeltaERises()
    {
        ProductImage product = Synthetic.Disc(16);
        FrameSequence result = ProductCompositor.Composite(Synthetic.Clip(3), product, new ProductPlacement(8, 8));
        FrameSequence tinted = new ColorCorrection { Gain = (0.7, 1, 1.4) }.Apply(result);

        ProductFidelityReport report = ProductFidelity.Measure(tinted, product, _ => new ProductPlacement(8, 8));

        Assert.True(report.MeanDeltaE > 10, $"ΔE {report.MeanDeltaE:F2}");
    }
}
