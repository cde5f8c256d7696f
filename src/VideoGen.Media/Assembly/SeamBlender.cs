namespace VideoGen.Media;

/// <summary>The chunks joined into one sequence, and where each join is.</summary>
/// <param name="Frames">The joined frames.</param>
/// <param name="SeamFrameIndices">
/// For each chunk after the first, the index in <paramref name="Frames"/> of its first frame past the overlap: the frame
/// a plain cut would switch at. QA measures seam discontinuity around these indices.
/// </param>
public sealed record BlendedClip(FrameSequence Frames, IReadOnlyList<int> SeamFrameIndices);

/// <summary>Joins overlapping chunks with an overlap-add crossfade.</summary>
public static class SeamBlender
{
    /// <summary>
    /// Joins the chunks in index order. Across each overlap of O frames, output frame k (0-based within the overlap) is
    /// <c>(1 - w) * previous + w * next</c> with <c>w = (k + 1) / (O + 1)</c>, so the weights of the two chunks always sum
    /// to one and neither switches abruptly. The overlap of the first chunk is ignored.
    /// </summary>
    /// <exception cref="ArgumentException">No chunks, duplicate indices, mismatched size or rate, or an overlap longer than what precedes it.</exception>
    public static BlendedClip Blend(IReadOnlyList<FrameChunk> chunks) => Join(chunks, crossfade: true);

    /// <summary>
    /// Joins the chunks with a plain cut: the previous chunk plays to its end, the next resumes after its overlap. The
    /// baseline the crossfade is measured against.
    /// </summary>
    public static BlendedClip Cut(IReadOnlyList<FrameChunk> chunks) => Join(chunks, crossfade: false);

    private static BlendedClip Join(IReadOnlyList<FrameChunk> chunks, bool crossfade)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            throw new ArgumentException("There are no chunks to join.", nameof(chunks));
        }

        var ordered = chunks.OrderBy(c => c.Index).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Index == ordered[i - 1].Index)
            {
                throw new ArgumentException($"Chunk index {ordered[i].Index} appears twice.", nameof(chunks));
            }

            ordered[0].Frames.EnsureCompatible(ordered[i].Frames, nameof(chunks));
        }

        FrameSequence first = ordered[0].Frames;
        var output = new List<byte[]>(first.Frames.Select(f => (byte[])f.Clone()));
        var seams = new List<int>();
        foreach (FrameChunk chunk in ordered.Skip(1))
        {
            int overlap = chunk.OverlapFrames;
            if (overlap > output.Count)
            {
                throw new ArgumentException(
                    $"Chunk {chunk.Index} overlaps {overlap} frames but only {output.Count} precede it.", nameof(chunks));
            }

            if (crossfade)
            {
                int start = output.Count - overlap;
                for (int k = 0; k < overlap; k++)
                {
                    Mix(output[start + k], chunk.Frames.Frames[k], (k + 1) / (double)(overlap + 1));
                }
            }

            seams.Add(output.Count);
            output.AddRange(chunk.Frames.Frames.Skip(overlap).Select(f => (byte[])f.Clone()));
        }

        return new BlendedClip(first.WithFrames(output), seams);
    }

    private static void Mix(byte[] target, byte[] next, double weight)
    {
        int w = (int)Math.Round(weight * 65536);
        int keep = 65536 - w;
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = (byte)(((target[i] * keep) + (next[i] * w) + 32768) >> 16);
        }
    }
}
