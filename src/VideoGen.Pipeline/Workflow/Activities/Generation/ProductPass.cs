using VideoGen.Contracts.Gpu;
using VideoGen.Media;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Product fidelity over the sampled frames, aggregated.</summary>
/// <param name="FramesSampled">Frames measured.</param>
/// <param name="MeanMaskIoU">Mean IoU of where the photo's pixels appear vs the warped mask.</param>
/// <param name="MinMaskIoU">Worst frame's IoU.</param>
/// <param name="MeanDeltaE">Mean CIE76 ΔE over the mask.</param>
/// <param name="MaxDeltaE">Worst frame's ΔE.</param>
/// <param name="ModelMeanMaskIoU">The same IoU measured on the generated frames before compositing: how well the model kept the product.</param>
/// <param name="ModelMeanDeltaE">The same ΔE before compositing.</param>
internal sealed record ProductPassReport(
    int FramesSampled, double MeanMaskIoU, double MinMaskIoU, double MeanDeltaE, double MaxDeltaE, double ModelMeanMaskIoU, double ModelMeanDeltaE);

/// <summary>
/// Composites the real product photo over every generated frame at the pose the camera path gives that frame
/// (<see cref="ProductWarp"/> + <see cref="ProductCompositor"/>), and measures <see cref="ProductFidelity"/> on every
/// <c>stride</c>-th frame against the warped photo at its placement.
/// </summary>
internal static class ProductPass
{
    public static (FrameSequence Frames, ProductPassReport Fidelity) Composite(
        FrameSequence frames, ProductImage product, IReadOnlyList<CameraKeyframe> path, int stride, CancellationToken cancellationToken)
    {
        var output = new byte[frames.Count][];
        var ious = new List<double>();
        var deltas = new List<double>();
        var modelIous = new List<double>();
        var modelDeltas = new List<double>();
        for (int f = 0; f < frames.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FrameSequence one = frames.WithFrames([frames.Frames[f]]);
            var warped = ProductWarp.Warp(product, frames.Width, frames.Height, CameraPaths.PoseAt(path, f));
            if (warped is not { } w)
            {
                output[f] = frames.Frames[f];
                continue;
            }

            FrameSequence composited = ProductCompositor.Composite(one, w.Image, w.At);
            output[f] = composited.Frames[0];
            if (f % stride == 0)
            {
                ProductFidelityReport r = ProductFidelity.Measure(composited, w.Image, _ => w.At);
                ious.Add(r.MeanMaskIoU);
                deltas.Add(r.MeanDeltaE);
                ProductFidelityReport model = ProductFidelity.Measure(one, w.Image, _ => w.At);
                modelIous.Add(model.MeanMaskIoU);
                modelDeltas.Add(model.MeanDeltaE);
            }
        }

        var report = ious.Count == 0
            ? new ProductPassReport(0, 0, 0, 0, 0, 0, 0)
            : new ProductPassReport(ious.Count, ious.Average(), ious.Min(), deltas.Average(), deltas.Max(), modelIous.Average(), modelDeltas.Average());
        return (frames.WithFrames(output), report);
    }
}
