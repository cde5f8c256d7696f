using VideoGen.Media;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Frame QA with the intended shot transitions set aside.</summary>
/// <param name="LookTransitions">Seams where the chunk's look (palette or seed) changes: the overlap crossfade there is a dissolve between shots.</param>
/// <param name="MotionJumps">Motion jumps counted within the stretches between those dissolves.</param>
/// <param name="MaxSeamDiscontinuity">Largest discontinuity of the seams inside those stretches (0 when there are none).</param>
/// <param name="PeakFlicker">Largest flicker inside those stretches.</param>
internal sealed record TransitionQaReport(int LookTransitions, int MotionJumps, double MaxSeamDiscontinuity, double PeakFlicker);

/// <summary>
/// A chunk takes the look of its shot, so where the shot changes the overlap crossfade becomes a dissolve of
/// <c>O</c> frames between two palettes — an intended transition that whole-clip <see cref="FrameQa"/> scores as
/// motion jumps and a seam discontinuity. This measures the stretches between dissolves on their own, so a gate can
/// tell a broken seam from a shot change. Both are reported; the whole-clip numbers stay as they are.
/// </summary>
internal static class TransitionQa
{
    public static TransitionQaReport Analyze(FrameSequence frames, Brief brief, ChunkPlan plan, IReadOnlyList<int> seams, FrameQaOptions options)
    {
        var transitions = new List<int>();
        var plain = new List<int>();
        for (int i = 1; i < plan.Chunks.Count && i - 1 < seams.Count; i++)
        {
            bool changes = Look(brief, plan.Chunks[i]) != Look(brief, plan.Chunks[i - 1]);
            (changes ? transitions : plain).Add(seams[i - 1]);
        }

        // Stretches [start, seam − O) and [seam, …): the dissolve frames between them are left out.
        int jumps = 0, start = 0;
        double seam = 0, flicker = 0;
        var stretches = new List<(int From, int To)>();
        foreach (int t in transitions)
        {
            stretches.Add((start, Math.Max(start, t - plan.OverlapFrames)));
            start = t;
        }

        stretches.Add((start, frames.Count));
        foreach ((int from, int to) in stretches.Where(s => s.To - s.From >= 3))
        {
            FrameSequence part = frames.WithFrames([.. frames.Frames.Skip(from).Take(to - from)]);
            int[] inside = [.. plain.Where(s => s > from && s < to).Select(s => s - from)];
            FrameQaReport qa = FrameQa.Analyze(part, inside, options with { ExpectedFrameCount = null });
            jumps += qa.MotionJumps;
            seam = Math.Max(seam, qa.MaxSeamDiscontinuity);
            flicker = Math.Max(flicker, qa.PeakFlicker);
        }

        return new TransitionQaReport(transitions.Count, jumps, seam, flicker);
    }

    private static (string Palette, long Seed) Look(Brief brief, ChunkSpec chunk)
    {
        Shot shot = brief.Shots.First(s => s.Id == chunk.ShotId);
        return (string.Join(',', ShotLook.Palette(brief, shot)), ShotLook.Seed(brief, shot));
    }
}
