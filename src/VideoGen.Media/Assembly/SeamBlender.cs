using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VideoGen.Media;

/// <summary>The chunks joined into one sequence, and where each join is.</summary>
/// <param name="Frames">The joined frames.</param>
/// <param name="SeamFrameIndices">
/// For each chunk after the first, the index in <paramref name="Frames"/> of its first frame past the overlap: the frame
/// a plain cut would switch at. QA measures seam discontinuity around these indices.
/// </param>
public sealed record BlendedClip(FrameSequence Frames, IReadOnlyList<int> SeamFrameIndices);

/// <summary>The chunks joined as a stream: each frame blended when it is read (<see cref="SeamBlender.BlendStream"/>).</summary>
/// <param name="Frames">The joined frames, produced one at a time.</param>
/// <param name="SeamFrameIndices">As in <see cref="BlendedClip"/>.</param>
public sealed record BlendedStream(FrameStream Frames, IReadOnlyList<int> SeamFrameIndices);

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

    /// <summary>
    /// The frames of <see cref="Blend"/>, byte for byte, produced as they are read: frames outside the overlaps are the
    /// chunks' own arrays (not copied), and each crossfaded frame is mixed into one reused buffer. The chunks are
    /// checked now; they must not change while the stream is read.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Blend"/>.</exception>
    public static BlendedStream BlendStream(IReadOnlyList<FrameChunk> chunks)
    {
        JoinPlan plan = Plan(chunks, crossfade: true);
        FrameSequence first = plan.Sources[0];
        return new BlendedStream(new FrameStream(first.Width, first.Height, first.Fps, plan.Frames.Count, Produce(plan)), plan.Seams);
    }

    private static BlendedClip Join(IReadOnlyList<FrameChunk> chunks, bool crossfade)
    {
        JoinPlan plan = Plan(chunks, crossfade);
        var output = new byte[plan.Frames.Count][];
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = new byte[plan.Sources[0].FrameSize];
            plan.Render(i, output[i]);
        }

        return new BlendedClip(plan.Sources[0].WithFrames(output), plan.Seams);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Produce(JoinPlan plan)
    {
        byte[]? buffer = null;
        for (int i = 0; i < plan.Frames.Count; i++)
        {
            if (plan.Frames[i].Mixes is null)
            {
                yield return plan.Source(plan.Frames[i].Base);
                continue;
            }

            buffer ??= new byte[plan.Sources[0].FrameSize];
            plan.Render(i, buffer);
            yield return buffer;
        }
    }

    // Which source frame each output frame starts from and which frames of later chunks are then mixed into it, in
    // chunk order: the same operations, in the same order, as mixing into a growing list of copies.
    private static JoinPlan Plan(IReadOnlyList<FrameChunk> chunks, bool crossfade)
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

        var frames = new List<PlannedFrame>(Enumerable.Range(0, ordered[0].Frames.Count).Select(f => new PlannedFrame(new FrameRef(0, f))));
        var seams = new List<int>();
        for (int c = 1; c < ordered.Count; c++)
        {
            FrameChunk chunk = ordered[c];
            int overlap = chunk.OverlapFrames;
            if (overlap > frames.Count)
            {
                throw new ArgumentException(
                    $"Chunk {chunk.Index} overlaps {overlap} frames but only {frames.Count} precede it.", nameof(chunks));
            }

            if (crossfade)
            {
                int start = frames.Count - overlap;
                for (int k = 0; k < overlap; k++)
                {
                    (frames[start + k].Mixes ??= []).Add((new FrameRef(c, k), Weight((k + 1) / (double)(overlap + 1))));
                }
            }

            seams.Add(frames.Count);
            frames.AddRange(Enumerable.Range(overlap, chunk.Frames.Count - overlap).Select(f => new PlannedFrame(new FrameRef(c, f))));
        }

        return new JoinPlan([.. ordered.Select(c => c.Frames)], frames, seams);
    }

    private static int Weight(double weight) => (int)Math.Round(weight * 65536);

    /// <summary>
    /// <c>target = (previous * (65536 - w) + next * w + 32768) >> 16</c> per byte, computed as
    /// <c>previous + (((next - previous) * w + 32768) >> 16)</c> (the same integer: <c>previous * 65536</c> is a whole
    /// multiple of the shift). <paramref name="target"/> may be <paramref name="previous"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a clip is blended once, too soon for tiered compilation
    internal static void Mix(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> next, int w, Span<byte> target)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<int> weight = Vector256.Create(w), half = Vector256.Create(32768);
            for (; i <= target.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                (Vector256<ushort> p0, Vector256<ushort> p1) = Vector256.Widen(Vector256.Create(previous.Slice(i, Vector256<byte>.Count)));
                (Vector256<ushort> n0, Vector256<ushort> n1) = Vector256.Widen(Vector256.Create(next.Slice(i, Vector256<byte>.Count)));
                Vector256<ushort> low = Lerp(p0, n0, weight, half), high = Lerp(p1, n1, weight, half);
                Vector256.Narrow(low, high).CopyTo(target.Slice(i, Vector256<byte>.Count));
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] = (byte)(previous[i] + ((((next[i] - previous[i]) * w) + 32768) >> 16));
        }
    }

    private static Vector256<ushort> Lerp(Vector256<ushort> previous, Vector256<ushort> next, Vector256<int> weight, Vector256<int> half)
    {
        (Vector256<uint> p0, Vector256<uint> p1) = Vector256.Widen(previous);
        (Vector256<uint> n0, Vector256<uint> n1) = Vector256.Widen(next);
        return Vector256.Narrow(Lerp(p0.AsInt32(), n0.AsInt32(), weight, half), Lerp(p1.AsInt32(), n1.AsInt32(), weight, half));
    }

    private static Vector256<uint> Lerp(Vector256<int> previous, Vector256<int> next, Vector256<int> weight, Vector256<int> half) =>
        (previous + Vector256.ShiftRightArithmetic(((next - previous) * weight) + half, 16)).AsUInt32();

    private readonly record struct FrameRef(int Chunk, int Frame);

    private sealed class PlannedFrame(FrameRef @base)
    {
        public FrameRef Base => @base;

        public List<(FrameRef Next, int Weight)>? Mixes { get; set; }
    }

    private sealed record JoinPlan(IReadOnlyList<FrameSequence> Sources, IReadOnlyList<PlannedFrame> Frames, IReadOnlyList<int> Seams)
    {
        public byte[] Source(FrameRef frame) => Sources[frame.Chunk].Frames[frame.Frame];

        /// <summary>Writes output frame <paramref name="index"/> into <paramref name="target"/>.</summary>
        public void Render(int index, byte[] target)
        {
            PlannedFrame frame = Frames[index];
            byte[] source = Source(frame.Base);
            if (frame.Mixes is null)
            {
                source.CopyTo(target, 0);
                return;
            }

            ReadOnlySpan<byte> previous = source;
            foreach ((FrameRef next, int weight) in frame.Mixes)
            {
                Mix(previous, Source(next), weight, target);
                previous = target;
            }
        }
    }
}
