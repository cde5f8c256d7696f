namespace VideoGen.Inference.Tests;

/// <summary>Plain C# versions of the reference models' computations, written from the operator definitions.</summary>
internal static class ReferenceMath
{
    public static (float[] Frames, float[] Coverage) Motion(
        float[] product, float[] mask, int productHeight, int productWidth,
        float[] theta, float[] palette, float[] seed, float[] frameIndex, int height, int width)
    {
        var n = seed.Length;
        var plane = productHeight * productWidth;
        var frames = new float[n * 3 * height * width];
        var coverage = new float[n * height * width];
        // Premultiplied source: channels r·a, g·a, b·a, a with a = alpha · mask.
        var source = new double[4 * plane];
        for (var p = 0; p < plane; p++)
        {
            var a = (double)product[3 * plane + p] * mask[p];
            for (var c = 0; c < 3; c++)
            {
                source[c * plane + p] = product[c * plane + p] * a;
            }
            source[3 * plane + p] = a;
        }
        for (var f = 0; f < n; f++)
        {
            var th = theta.AsSpan(f * 6, 6);
            var phi = seed[f] * 2 * Math.PI;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var xn = (2.0 * x + 1) / width - 1;
                    var yn = (2.0 * y + 1) / height - 1;
                    var gx = th[0] * xn + th[1] * yn + th[2];
                    var gy = th[3] * xn + th[4] * yn + th[5];
                    // GridSample, align_corners = 0: -1 and 1 are the outer edges of the border pixels.
                    var px = ((gx + 1) * productWidth - 1) / 2;
                    var py = ((gy + 1) * productHeight - 1) / 2;
                    var sample = new double[4];
                    var x0 = (int)Math.Floor(px);
                    var y0 = (int)Math.Floor(py);
                    for (var dy = 0; dy <= 1; dy++)
                    {
                        for (var dx = 0; dx <= 1; dx++)
                        {
                            int sx = x0 + dx, sy = y0 + dy;
                            if (sx < 0 || sy < 0 || sx >= productWidth || sy >= productHeight)
                            {
                                continue; // zeros padding
                            }
                            var weight = (dx == 1 ? px - x0 : 1 - (px - x0)) * (dy == 1 ? py - y0 : 1 - (py - y0));
                            for (var c = 0; c < 4; c++)
                            {
                                sample[c] += weight * source[c * plane + sy * productWidth + sx];
                            }
                        }
                    }
                    var wave = 0.5 + 0.5 * Math.Sin(3.1 * (xn * Math.Cos(phi) + yn * Math.Sin(phi)) + 0.35 * frameIndex[f] + 7 * phi);
                    var accentWeight = 0.25 * wave;
                    var gradient = (yn + 1) * 0.5;
                    for (var c = 0; c < 3; c++)
                    {
                        var top = palette[f * 9 + c];
                        var bottom = palette[f * 9 + 3 + c];
                        var accent = palette[f * 9 + 6 + c];
                        var sky = top * (1 - gradient) + bottom * gradient;
                        var background = sky * (1 - accentWeight) + accent * accentWeight;
                        var value = sample[c] + background * (1 - sample[3]);
                        frames[((f * 3 + c) * height + y) * width + x] = (float)Math.Clamp(value, 0, 1);
                    }
                    coverage[(f * height + y) * width + x] = (float)sample[3];
                }
            }
        }
        return (frames, coverage);
    }

    /// <summary>out[t] = Σ w[k]·in[clamp(t + k − 1)] over the frame axis of [batch, frames, C, H, W].</summary>
    public static float[] Smooth(float[] input, int batch, int frames, int frameSize, IReadOnlyList<float> weights)
    {
        var output = new float[input.Length];
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < frames; t++)
            {
                for (var i = 0; i < frameSize; i++)
                {
                    double sum = 0;
                    for (var k = 0; k < 3; k++)
                    {
                        var source = Math.Clamp(t + k - 1, 0, frames - 1);
                        sum += weights[k] * input[(b * frames + source) * frameSize + i];
                    }
                    output[(b * frames + t) * frameSize + i] = (float)sum;
                }
            }
        }
        return output;
    }

    /// <summary>2× bilinear upsampling (half-pixel centres, clamped at the edges), then an edge-padded depthwise 3×3 kernel, clipped to [0, 1].</summary>
    public static float[] Upsample(float[] input, int frames, int channels, int height, int width, IReadOnlyList<float> kernel)
    {
        int outHeight = height * 2, outWidth = width * 2;
        var resized = new double[frames * channels * outHeight * outWidth];
        for (var plane = 0; plane < frames * channels; plane++)
        {
            for (var y = 0; y < outHeight; y++)
            {
                var sy = Math.Clamp((y + 0.5) / 2 - 0.5, 0, height - 1);
                var y0 = (int)Math.Floor(sy);
                var y1 = Math.Min(y0 + 1, height - 1);
                var fy = sy - y0;
                for (var x = 0; x < outWidth; x++)
                {
                    var sx = Math.Clamp((x + 0.5) / 2 - 0.5, 0, width - 1);
                    var x0 = (int)Math.Floor(sx);
                    var x1 = Math.Min(x0 + 1, width - 1);
                    var fx = sx - x0;
                    double At(int yy, int xx) => input[(plane * height + yy) * width + xx];
                    resized[(plane * outHeight + y) * outWidth + x] =
                        (1 - fy) * ((1 - fx) * At(y0, x0) + fx * At(y0, x1)) + fy * ((1 - fx) * At(y1, x0) + fx * At(y1, x1));
                }
            }
        }
        var output = new float[resized.Length];
        for (var plane = 0; plane < frames * channels; plane++)
        {
            for (var y = 0; y < outHeight; y++)
            {
                for (var x = 0; x < outWidth; x++)
                {
                    double sum = 0;
                    for (var ky = 0; ky < 3; ky++)
                    {
                        for (var kx = 0; kx < 3; kx++)
                        {
                            var yy = Math.Clamp(y + ky - 1, 0, outHeight - 1);
                            var xx = Math.Clamp(x + kx - 1, 0, outWidth - 1);
                            sum += kernel[ky * 3 + kx] * resized[(plane * outHeight + yy) * outWidth + xx];
                        }
                    }
                    output[(plane * outHeight + y) * outWidth + x] = (float)Math.Clamp(sum, 0, 1);
                }
            }
        }
        return output;
    }
}
