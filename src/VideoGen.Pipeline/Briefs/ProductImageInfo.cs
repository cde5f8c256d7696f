namespace VideoGen.Pipeline.Briefs;

/// <summary>What the product photo's header says.</summary>
/// <param name="Format"><c>"png"</c> or <c>"jpeg"</c>.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="HasAlpha">The image can carry transparency (PNG colour type 4 or 6, or a <c>tRNS</c> chunk); JPEG never does.</param>
public sealed record ProductImageInfo(string Format, int Width, int Height, bool HasAlpha);
