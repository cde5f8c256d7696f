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
/// camera convention (<see cref="CameraKeyframe"/>: the product sits at <c>pan</c>, scaled by <c>zoom</c>). The clip
/// is one continuous take: the first shot starts from its move's canonical start, every later shot starts where the
/// previous one ended, so the camera never jumps at a shot boundary (a hard cut would read as a dropped frame to the
/// frame QA and land in a seam's window). Moves, from the camera's side, with <c>i</c> the intensity:
/// <list type="table">
/// <item><term>static</term><description>hold</description></item>
/// <item><term>push-in</term><description>zoom × <c>(1 + 0.5·i)</c> (first shot: from <see cref="BaseZoom"/>), at most <see cref="MaxZoom"/></description></item>
/// <item><term>pull-out</term><description>zoom ÷ <c>(1 + 0.5·i)</c> (first shot: to <see cref="BaseZoom"/>), at least <see cref="MinZoom"/></description></item>
/// <item><term>pan-left</term><description>the camera turns left, so the product slides right: PanX + <c>0.7·i</c> (first shot: <c>−0.35·i → +0.35·i</c>), within ±<see cref="MaxPan"/></description></item>
/// <item><term>pan-right</term><description>PanX − <c>0.7·i</c> (first shot: <c>+0.35·i → −0.35·i</c>)</description></item>
/// <item><term>tilt-up</term><description>the camera tilts up, so the product slides down: PanY + <c>0.7·i</c> (first shot: <c>−0.35·i → +0.35·i</c>)</description></item>
/// <item><term>orbit</term><description>rotation + <c>24·i°</c> (first shot: <c>−12·i° → +12·i°</c>) while PanX swings <c>0, +0.3·i, 0, −0.3·i, 0</c> about its start</description></item>
/// </list>
/// Pure and deterministic.
/// </summary>
public static class CameraPaths
{
    /// <summary>Zoom of the neutral framing: the product covers this share of the frame's width and height.</summary>
    public const double BaseZoom = 0.6;

    /// <summary>Largest pan of a full-intensity move, normalized units.</summary>
    public const double PanAmplitude = 0.35;

    /// <summary>Extra zoom of a full-intensity push-in / pull-out.</summary>
    public const double ZoomAmplitude = 0.5;

    /// <summary>Largest zoom a chain of push-ins reaches.</summary>
    public const double MaxZoom = 1.2;

    /// <summary>Smallest zoom a chain of pull-outs reaches.</summary>
    public const double MinZoom = 0.3;

    /// <summary>Largest pan a chain of pans reaches, either way.</summary>
    public const double MaxPan = 0.6;

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

    /// <summary>
    /// The keyframes of one shot's move over [<paramref name="first"/>, <paramref name="last"/>], starting from
    /// <paramref name="from"/> (the previous shot's last pose), or from the move's canonical start when null.
    /// </summary>
    public static IReadOnlyList<CameraKeyframe> ForShot(Camera camera, long first, long last, CameraKeyframe? from = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        double i = Math.Clamp(camera.Intensity, 0, 1), a = PanAmplitude * i, grow = 1 + (ZoomAmplitude * i);
        double z = from?.Zoom ?? BaseZoom, x = from?.PanX ?? 0, y = from?.PanY ?? 0, r = from?.RotationDegrees ?? 0;
        bool chained = from is not null;
        (double U, double Zoom, double PanX, double PanY, double Rotation)[] poses = camera.Move switch
        {
            CameraMove.Static => [(0, z, x, y, r), (1, z, x, y, r)],
            CameraMove.PushIn => [(0, z, x, y, r), (1, Math.Min(MaxZoom, Math.Max(z, z * grow)), x, y, r)],
            CameraMove.PullOut when !chained => [(0, BaseZoom * grow, x, y, r), (1, BaseZoom, x, y, r)],
            CameraMove.PullOut => [(0, z, x, y, r), (1, Math.Max(MinZoom, Math.Min(z, z / grow)), x, y, r)],
            CameraMove.PanLeft => Pan(chained ? x : -a, chained ? Pan(x + (2 * a)) : a, (px, u) => (u, z, px, y, r)),
            CameraMove.PanRight => Pan(chained ? x : a, chained ? Pan(x - (2 * a)) : -a, (px, u) => (u, z, px, y, r)),
            CameraMove.TiltUp => Pan(chained ? y : -a, chained ? Pan(y + (2 * a)) : a, (py, u) => (u, z, x, py, r)),
            CameraMove.Orbit => [.. Enumerable.Range(0, 5).Select(k => k / 4.0).Select(u =>
                (u, z, x + (0.3 * i * Math.Round(Math.Sin(2 * Math.PI * u), 12)), y, (chained ? r : -12 * i) + (24 * i * u)))],
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

    /// <summary>The clip's whole camera path: every shot's keyframes, each shot starting where the previous ended.</summary>
    public static IReadOnlyList<CameraKeyframe> ForClip(Brief brief)
    {
        var path = new List<CameraKeyframe>();
        foreach (ShotFrames s in Shots(brief))
        {
            path.AddRange(ForShot(s.Shot.Camera, s.FirstFrame, s.LastFrame, path.Count == 0 ? null : path[^1]));
        }

        return path;
    }

    /// <summary>
    /// The keyframes of the clip's path (<see cref="ForClip"/>) that bracket clip frames [<paramref name="first"/>,
    /// <paramref name="last"/>]: the path between them equals the clip's, so adjacent chunks continue each other.
    /// </summary>
    public static IReadOnlyList<CameraKeyframe> ForFrames(Brief brief, long first, long last)
    {
        IReadOnlyList<CameraKeyframe> clip = ForClip(brief);
        int from = 0, to = clip.Count - 1;
        while (from + 1 < clip.Count && clip[from + 1].Frame <= first)
        {
            from++;
        }

        while (to - 1 >= 0 && clip[to - 1].Frame >= last)
        {
            to--;
        }

        return [.. clip.Skip(from).Take(Math.Max(1, to - from + 1))];
    }

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

    private static double Pan(double value) => Math.Clamp(value, -MaxPan, MaxPan);

    private static (double, double, double, double, double)[] Pan(double start, double end, Func<double, double, (double, double, double, double, double)> pose) =>
        [pose(start, 0), pose(end, 1)];
}
