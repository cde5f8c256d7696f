namespace VideoGen.Media.Tests;

public class FrameQaTests
{
    [Fact]
    public void Analyze_CleanMovingClip_ReportsNoDefects()
    {
        FrameQaReport report = FrameQa.Analyze(Synthetic.Clip(32), [], new FrameQaOptions { ExpectedFrameCount = 32 });

        Assert.Equal(0, report.DuplicatedFrames);
        Assert.Equal(0, report.MotionJumps);
        Assert.Equal(0, report.MissingFrames);
        Assert.True(report.PeakFlicker < 2, $"peak flicker {report.PeakFlicker:F2}");
    }

    [Fact]
    public void Analyze_DuplicatedFrame_CountsOne()
    {
        var frames = Synthetic.Clip(32).Frames.ToList();
        frames[10] = frames[9];

        FrameQaReport report = FrameQa.Analyze(Synthetic.Clip(32).WithFrames(frames), []);

        Assert.Equal(1, report.DuplicatedFrames);
    }

    [Fact]
    public void Analyze_StaticClip_IsNotCountedAsDuplicates()
    {
        var still = new FrameSequence(8, 8, 24, Enumerable.Range(0, 10).Select(_ => new byte[192]).ToArray());

        Assert.Equal(0, FrameQa.Analyze(still, []).DuplicatedFrames);
    }

    [Fact]
    public void Analyze_FlickeringFrame_RaisesFlickerIndex()
    {
        FrameSequence clean = Synthetic.Clip(32);
        var frames = clean.Frames.ToList();
        frames[15] = Synthetic.Frame(15, shift: 40);

        FrameQaReport cleanReport = FrameQa.Analyze(clean, []);
        FrameQaReport flickerReport = FrameQa.Analyze(clean.WithFrames(frames), []);

        Assert.True(flickerReport.PeakFlicker > 25, $"peak {flickerReport.PeakFlicker:F2}");
        Assert.True(flickerReport.FlickerIndex > 5 * Math.Max(cleanReport.FlickerIndex, 0.05),
            $"flicker {flickerReport.FlickerIndex:F3} vs clean {cleanReport.FlickerIndex:F3}");
    }

    [Fact]
    public void Analyze_HardCut_HighSeamDiscontinuityAndMotionJump()
    {
        FrameSequence a = Synthetic.Clip(16);
        var frames = a.Frames.Concat(Enumerable.Range(0, 16).Select(t => Synthetic.Frame(t + 100, shift: -60))).ToArray();

        FrameQaReport report = FrameQa.Analyze(a.WithFrames(frames), [16]);

        Assert.True(report.MaxSeamDiscontinuity > 5, $"seam {report.MaxSeamDiscontinuity:F2}");
        Assert.Equal(1, report.MotionJumps);
    }

    [Fact]
    public void Analyze_DroppedFrame_CountsMotionJumpAndMissingFrame()
    {
        var frames = Synthetic.Clip(32).Frames.ToList();
        frames.RemoveRange(12, 3);

        FrameQaReport report = FrameQa.Analyze(Synthetic.Clip(1).WithFrames(frames), [], new FrameQaOptions { ExpectedFrameCount = 32 });

        Assert.Equal(3, report.MissingFrames);
        Assert.Equal(1, report.MotionJumps);
    }

    [Fact]
    public void Analyze_SeamOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameQa.Analyze(Synthetic.Clip(4), [9]));
    }
}
