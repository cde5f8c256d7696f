using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Safety;

namespace VideoGen.Pipeline.Workflow;

/// <summary>
/// Decides whether a preview may be auto-approved (low-risk template rules) or needs a person; returns the reasons a
/// person is needed (empty = auto-approve). Pure and deterministic, so the orchestrator calls it directly.
/// </summary>
public static class ApprovalRules
{
    /// <summary>Every reason the clip needs human review; none means auto-approve.</summary>
    public static IReadOnlyList<string> ReviewReasons(ValidatedBrief brief, PolicyDecision screening, ClipSafety safety, ClipArtifact preview, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(safety);
        ArgumentNullException.ThrowIfNull(preview);
        ArgumentNullException.ThrowIfNull(settings);
        var reasons = new List<string>();
        if (settings.AlwaysReview)
        {
            reasons.Add("review requested for every clip (AlwaysReview)");
        }

        string template = Briefs.BriefJson.WireName(brief.Brief.Template);
        if (!settings.AutoApproveTemplates.Contains(template, StringComparer.OrdinalIgnoreCase))
        {
            reasons.Add($"template '{template}' is not auto-approvable");
        }

        if (screening.Verdict != PolicyVerdict.Allow)
        {
            reasons.Add($"policy {screening.PolicyVersion}: " + string.Join("; ", screening.Findings.Select(f => $"{f.Category} ({f.Pointer})")));
        }

        if (safety.Decision != SafetyDecision.Pass)
        {
            reasons.Add($"content safety: {safety.Summary}");
        }
        else if (!safety.Checked && !settings.AllowUncheckedAutoApprove)
        {
            reasons.Add("content safety is not configured, so frames were not checked");
        }

        double defects = preview.Qa.GetValueOrDefault("missingFrames") + preview.Qa.GetValueOrDefault("duplicatedFrames");
        if (defects > settings.MaxFrameDefects)
        {
            reasons.Add($"QA: {defects} missing or duplicated frames");
        }

        // Gate on the seams inside shots: a crossfade between shots with different looks is a dissolve by design.
        if ((preview.Qa.TryGetValue("maxSeamDiscontinuityWithinShots", out double seam) || preview.Qa.TryGetValue("maxSeamDiscontinuity", out seam))
            && seam > settings.MaxSeamDiscontinuity)
        {
            reasons.Add($"QA: seam discontinuity {seam:0.##} > {settings.MaxSeamDiscontinuity}");
        }

        if (preview.Qa.TryGetValue("motionJumpsWithinShots", out double jumps) && jumps > settings.MaxFrameDefects)
        {
            reasons.Add($"QA: {jumps} motion jumps within shots");
        }

        if (preview.Qa.TryGetValue("productIoU", out double iou) && iou < settings.MinProductIoU)
        {
            reasons.Add($"QA: product fidelity IoU {iou:0.##} < {settings.MinProductIoU}");
        }

        return reasons;
    }
}
