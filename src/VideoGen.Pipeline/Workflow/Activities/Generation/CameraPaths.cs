using VideoGen.Contracts.Gpu;
using VideoGen.Pipeline.Briefs;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>A shot's frames in the clip, first and last inclusive.</summary>
/// <param name="Shot">The shot.</param>
/// <param name="FirstFrame">Its first clip frame.</param>
/// <param name="LastFrame">Its last clip frame.</param>
public sealed record ShotFrames(Shot Shot, long FirstFrame, long LastFrame);

/// <summary>
/// Maps each shot's <see cref="Camera"/> (move and intensity) to keyframes by clip frame index, in the GPU job's
/// camera convention (<see cref="CameraKeyframe"/>: the product sits at <c>pan</c>, scaled by <c>zoom</c>). Every
/// shot starts from a framing of <see cref="BaseZoom"/>, centred; the moves are described from the camera's side:
/// <list type="table">
/// <item><term>static</term><description>hold</description></item>
/// <item><term>push-in</term><description>zoom <c>Z → Z·(1 + 0.5·i)</c></description></item>
/// <item><term>pull-out</term><description>zoom <c>Z·(1 + 0.5·i) → Z</c></description></item>
/// <item><term>pan-left</term><description>the camera turns left, so the product slides right: PanX <c>−0.35·i → +0.35·i</c></description></item>
/// <item><term>pan-right</term><description>PanX <c>+0.35·i → −0.35·i</c></description></item>
/// <item><term>tilt-up</term><description>the camera tilts up, so the product slides down: PanY <c>−0.35·i → +0.35·i</c></description></item>
/// <item><term>orbit</term><description>rotation <c>−12·i° → +12·i°</c> while PanX swings <c>0, +0.3·i, 0, −0.3·i, 0</c></description></item>
/// </list>
/// Each shot has keyframes at its first and last frame, so consecutive shots cut (one frame apart) instead of
/// drifting into each other. Pure and deterministic.
/// </summary>
public static class CameraPaths
{
    /// <summary>Zoom of the neutral framing: the product covers this share of the frame's width and height.</summary>
    public const double BaseZoom = 0.6;

    /// <summary>Largest pan of a full-intensity move, normalized units.</summary>
    public const double PanAmplitude = 0.35;

    /// <summary>Extra zoom of a full-intensity push-in / pull-out.</summary>
    public const double ZoomAmplitude = 0.5;

    /// <summary>Frames in the clip: <c>round(duration · fps)</c>, as <see cref="ChunkPlanner"/> counts them.</summary>
    public static long TotalFrames(Brief brief)
    {
        ArgumentNullException.ThrowIfNull(brief);
        return (long)Math.Round(brief.DurationSeconds * brief.Fps, MidpointRounding.AwayFromZero);
    }

    /// <summary>Every shot's frame range, in play order; they tile [0, total).</summary>
    public static IReadOnlyList<ShotFrames> Shots(Brief brief)
    {
        long total = TotalFrames(brief);
        var ranges = new List<ShotFrames>(brief.Shots.Count);
        double seconds = 0;
        long first = 0;
        for (int s = 0; s < brief.Shots.Count; s++)
        {
            seconds += brief.Shots[s].DurationSeconds;
            long next = s == brief.Shots.Count - 1 ? total : Math.Min(total, (long)Math.Round(seconds * brief.Fps, MidpointRounding.AwayFromZero));
            if (next > first)
            {
                ranges.Add(new ShotFrames(brief.Shots[s], first, next - 1));
                first = next;
            }
        }

        return ranges;
    }

    /// <summary>The keyframes of one shot's move over [<paramref name="first"/>, <paramref name="last"/>].</summary>
    public static IReadOnlyList<CameraKeyframe> ForShot(Camera camera, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        double i = Math.Clamp(camera.Intensity, 0, 1);
        double z = BaseZoom, zIn = BaseZoom * (1 + (ZoomAmplitude * i)), a = PanAmplitude * i;
        (double U, double Zoom, double PanX, double PanY, double Rotation)[] poses = camera.Move switch
        {
            CameraMove.Static => [(0, z, 0, 0, 0), (1, z, 0, 0, 0)],
            CameraMove.PushIn => [(0, z, 0, 0, 0), (1, zIn, 0, 0, 0)],
            CameraMove.PullOut => [(0, zIn, 0, 0, 0), (1, z, 0, 0, 0)],
            CameraMove.PanLeft => [(0, z, -a, 0, 0), (1, z, a, 0, 0)],
            CameraMove.PanRight => [(0, z, a, 0, 0), (1, z, -a, 0, 0)],
            CameraMove.TiltUp => [(0, z, 0, -a, 0), (1, z, 0, a, 0)],
            CameraMove.Orbit => [.. Enumerable.Range(0, 5).Select(k => k / 4.0)
                .Select(u => (u, z, 0.3 * i * Math.Round(Math.Sin(2 * Math.PI * u), 12), 0.0, 12 * i * ((2 * u) - 1)))],
            _ => throw new ArgumentOutOfRangeException(nameof(camera), camera.Move, "Unknown camera move."),
        };
        var keys = new List<CameraKeyframe>(poses.Length);
        foreach (var p in poses)
        {
            long frame = first + (long)Math.Round(p.U * (last - first), MidpointRounding.AwayFromZero);
            if (keys.Count == 0 || frame > keys[^1].Frame)
            {
                keys.Add(new CameraKeyframe(frame, p.Zoom, p.PanX, p.PanY, p.Rotation));
            }
        }

        return keys;
    }

    /// <summary>The clip's whole camera path: every shot's keyframes, in order.</summary>
    public static IReadOnlyList<CameraKeyframe> ForClip(Brief brief) => ForFrames(brief, 0, long.MaxValue);

    /// <summary>
    /// The keyframes of every shot that overlaps clip frames [<paramref name="first"/>, <paramref name="last"/>]:
    /// enough for the path between them to equal the clip's path, so adjacent chunks continue each other.
    /// </summary>
    public static IReadOnlyList<CameraKeyframe> ForFrames(Brief brief, long first, long last) =>
        [.. Shots(brief).Where(s => s.LastFrame >= first && s.FirstFrame <= last).SelectMany(s => ForShot(s.Shot.Camera, s.FirstFrame, s.LastFrame))];

    /// <summary>The camera at <paramref name="frame"/>: linear between keyframes, held before the first and after the last (as the worker does).</summary>
    public static CameraKeyframe PoseAt(IReadOnlyList<CameraKeyframe> path, long frame)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            throw new ArgumentException("A camera path needs at least one keyframe.", nameof(path));
        }

        if (frame <= path[0].Frame)
        {
            return path[0] with { Frame = frame };
        }

        for (int k = 1; k < path.Count; k++)
        {
            if (frame <= path[k].Frame)
            {
                CameraKeyframe a = path[k - 1], b = path[k];
                double u = (double)(frame - a.Frame) / (b.Frame - a.Frame);
                return new CameraKeyframe(frame, Lerp(a.Zoom, b.Zoom, u), Lerp(a.PanX, b.PanX, u), Lerp(a.PanY, b.PanY, u), Lerp(a.RotationDegrees, b.RotationDegrees, u));
            }
        }

        return path[^1] with { Frame = frame };
    }

    private static double Lerp(double a, double b, double u) => a + ((b - a) * u);
}
