namespace VideoGen.Media.Tests;

/// <summary>The streamed joins and composites (<see cref="FrameStream"/>) against the buffered ones they must equal.</summary>
public sealed class StreamingTests
{
    [Fact]
    public void BlendStream_RandomChunks_SameBytesAsBlendAndThePlainFormula()
    {
        // 2x3 frames (18 bytes: not a whole vector, so the scalar tail runs too) and 40x30 frames (whole vectors + tail).
        foreach ((int w, int h) in new[] { (2, 3), (40, 30) })
        {
            var random = new Random(w);
            FrameSequence Noise(int frames) =>
                new(w, h, 24, Enumerable.Range(0, frames).Select(_ => RandomBytes(random, w * h * 3)).ToArray());
            FrameChunk[] chunks = [new(0, 0, Noise(10)), new(1, 4, Noise(12)), new(2, 7, Noise(9))];

            FrameSequence streamed = SeamBlender.BlendStream(chunks).Frames.ToSequence();
            BlendedClip buffered = SeamBlender.Blend(chunks);

            Assert.Equal(PlainBlend(chunks), streamed.Frames);
            Assert.Equal(streamed.Frames, buffered.Frames.Frames);
            Assert.Equal(buffered.SeamFrameIndices, SeamBlender.BlendStream(chunks).SeamFrameIndices);
        }
    }

    [Fact]
    public void BlendStream_OverlapReachingIntoEarlierChunks_SameBytesAsPlainFormula()
    {
        // Chunk 1 adds one frame past its overlap; chunk 2's overlap of 3 covers it, an already crossfaded frame and a
        // frame of chunk 0, so one output frame is mixed twice.
        var random = new Random(7);
        FrameSequence Noise(int frames) =>
            new(8, 4, 24, Enumerable.Range(0, frames).Select(_ => RandomBytes(random, 8 * 4 * 3)).ToArray());
        FrameChunk[] chunks = [new(0, 0, Noise(6)), new(1, 2, Noise(3)), new(2, 3, Noise(5))];

        FrameSequence streamed = SeamBlender.BlendStream(chunks).Frames.ToSequence();

        Assert.Equal(PlainBlend(chunks), streamed.Frames);
        Assert.Equal(SeamBlender.Blend(chunks).Frames.Frames, streamed.Frames);
    }

    [Fact]
    public void BlendStream_BadChunks_ThrowsWhenCalledNotWhenRead()
    {
        FrameChunk[] chunks = [new(0, 0, Synthetic.Clip(3)), new(1, 5, Synthetic.Clip(8))];

        var e = Assert.Throws<ArgumentException>(() => SeamBlender.BlendStream(chunks));
        Assert.Contains("overlaps 5 frames", e.Message);
    }

    [Fact]
    public void CompositeStream_SameBytesAsBufferedAndBackgroundUnchanged()
    {
        ProductImage product = Synthetic.Disc(16);
        FrameSequence background = Synthetic.Clip(6);
        byte[][] before = [.. background.Frames.Select(f => (byte[])f.Clone())];
        static ProductPlacement At(int f) => new(-4 + (12 * f), 40 - (5 * f));

        FrameSequence streamed = ProductCompositor.Composite(background.AsStream(), product, At).ToSequence();

        Assert.Equal(ProductCompositor.Composite(background, product, At).Frames, streamed.Frames);
        Assert.Equal(before, background.Frames);
    }

    // The crossfade as SeamBlender documents it, on plain copies.
    private static List<byte[]> PlainBlend(IReadOnlyList<FrameChunk> chunks)
    {
        var output = chunks[0].Frames.Frames.Select(f => (byte[])f.Clone()).ToList();
        foreach (FrameChunk chunk in chunks.Skip(1))
        {
            int start = output.Count - chunk.OverlapFrames;
            for (int k = 0; k < chunk.OverlapFrames; k++)
            {
                int w = (int)Math.Round((k + 1) / (double)(chunk.OverlapFrames + 1) * 65536);
                byte[] target = output[start + k], next = chunk.Frames.Frames[k];
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] = (byte)(((target[i] * (65536 - w)) + (next[i] * w) + 32768) >> 16);
                }
            }

            output.AddRange(chunk.Frames.Frames.Skip(chunk.OverlapFrames).Select(f => (byte[])f.Clone()));
        }

        return output;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
