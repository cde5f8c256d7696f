using VideoGen.Contracts.Gpu;
using VideoGen.Media;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>
/// The product photo placed where the motion model drew it in one frame: the camera pose's mapping
/// (<see cref="CameraKeyframe"/>; frame point <c>p</c> shows the photo at <c>R(−rotation)·(p − pan)/zoom</c>,
/// normalized pixel centres, bilinear, zero outside — the model's GridSample) applied to the photo and its mask,
/// cropped to the box the product covers. Composited with <see cref="ProductCompositor"/>, it puts the photo's true
/// pixels back over the generated product at any frame size (the upsampled final too).
/// </summary>
internal static class ProductWarp
{
    /// <summary>The warped photo and where its box sits in a <paramref name="frameWidth"/>×<paramref name="frameHeight"/> frame; null when it is off screen.</summary>
    public static (ProductImage Image, ProductPlacement At)? Warp(ProductImage product, int frameWidth, int frameHeight, CameraKeyframe pose)
    {
        double rad = pose.RotationDegrees * Math.PI / 180, c = Math.Cos(rad), s = Math.Sin(rad), z = pose.Zoom;
        // Box: the photo's corners q = (±1, ±1) land at p = zoom · R(rotation) · q + pan.
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        foreach ((double qx, double qy) in new[] { (-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0) })
        {
            double px = (z * ((c * qx) - (s * qy))) + pose.PanX, py = (z * ((s * qx) + (c * qy))) + pose.PanY;
            minX = Math.Min(minX, px);
            maxX = Math.Max(maxX, px);
            minY = Math.Min(minY, py);
            maxY = Math.Max(maxY, py);
        }

        int x0 = Math.Max(0, (int)Math.Floor(((minX + 1) * frameWidth / 2) - 1)), x1 = Math.Min(frameWidth, (int)Math.Ceiling(((maxX + 1) * frameWidth / 2) + 1));
        int y0 = Math.Max(0, (int)Math.Floor(((minY + 1) * frameHeight / 2) - 1)), y1 = Math.Min(frameHeight, (int)Math.Ceiling(((maxY + 1) * frameHeight / 2) + 1));
        if (x1 <= x0 || y1 <= y0)
        {
            return null;
        }

        int w = x1 - x0, h = y1 - y0, pw = product.Width, ph = product.Height;
        var rgb = new byte[w * h * 3];
        var alpha = new byte[w * h];
        byte[] src = product.Rgb, mask = product.Mask.Alpha;
        for (int y = 0; y < h; y++)
        {
            double dy = ((2.0 * (y0 + y) + 1) / frameHeight) - 1 - pose.PanY;
            for (int x = 0; x < w; x++)
            {
                double dx = ((2.0 * (x0 + x) + 1) / frameWidth) - 1 - pose.PanX;
                double qx = ((c * dx) + (s * dy)) / z, qy = ((-s * dx) + (c * dy)) / z;
                double u = (((qx + 1) * pw) - 1) / 2, v = (((qy + 1) * ph) - 1) / 2;
                int u0 = (int)Math.Floor(u), v0 = (int)Math.Floor(v);
                double fu = u - u0, fv = v - v0;
                double a = 0, r = 0, g = 0, b = 0;
                for (int k = 0; k < 4; k++)
                {
                    int uu = u0 + (k & 1), vv = v0 + (k >> 1);
                    if (uu < 0 || vv < 0 || uu >= pw || vv >= ph)
                    {
                        continue;
                    }

                    double weight = ((k & 1) == 1 ? fu : 1 - fu) * ((k >> 1) == 1 ? fv : 1 - fv);
                    int p = (vv * pw) + uu;
                    double wa = weight * mask[p];
                    a += wa;
                    r += wa * src[p * 3];
                    g += wa * src[(p * 3) + 1];
                    b += wa * src[(p * 3) + 2];
                }

                int o = (y * w) + x;
                alpha[o] = (byte)Math.Clamp(Math.Round(a), 0, 255);
                if (a > 0)
                {
                    rgb[o * 3] = (byte)Math.Clamp(Math.Round(r / a), 0, 255);
                    rgb[(o * 3) + 1] = (byte)Math.Clamp(Math.Round(g / a), 0, 255);
                    rgb[(o * 3) + 2] = (byte)Math.Clamp(Math.Round(b / a), 0, 255);
                }
            }
        }

        return (new ProductImage(w, h, rgb, new ProductMask(w, h, alpha), product.MaskFromAlpha), new ProductPlacement(x0, y0));
    }
}
