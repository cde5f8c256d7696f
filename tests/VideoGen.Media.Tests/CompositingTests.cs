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
