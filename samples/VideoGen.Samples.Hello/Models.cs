namespace VideoGen.Samples.Hello;

/// <summary>What the sample renders: <paramref name="FrameCount"/> frames cut into <paramref name="Chunks"/> chunks.</summary>
public sealed record HelloInput(string Title, int FrameCount, int Chunks);

/// <summary>One chunk of frames, <c>[FirstFrame, FirstFrame + FrameCount)</c>.</summary>
public sealed record ChunkInput(int Index, int FirstFrame, int FrameCount);

/// <summary>A "rendered" chunk: the frames it covered and a checksum of them (the sum of the frame numbers' squares).</summary>
public sealed record ChunkResult(int Index, int FirstFrame, int FrameCount, long SumOfSquares);

/// <summary>The payload of the <c>Approval</c> external event.</summary>
public sealed record ApprovalDecision(bool Approved, string ApprovedBy, string? Comment = null);

/// <summary>
/// The orchestration's output. <paramref name="TimerDueUtc"/> is when the durable timer was due and
/// <paramref name="TimerResumedUtc"/> the orchestration time at which the orchestration went on after it
/// (never earlier than the due time).
/// </summary>
public sealed record HelloResult(
    string Title,
    int FrameCount,
    IReadOnlyList<ChunkResult> Chunks,
    long SumOfSquares,
    DateTime TimerDueUtc,
    DateTime TimerResumedUtc,
    bool Approved,
    string ApprovedBy,
    DateTime FinishedAtUtc);

/// <summary>Custom status values the orchestration publishes; the program watches for <see cref="AwaitingApproval"/>.</summary>
public static class HelloStatus
{
    public const string Rendering = "rendering";
    public const string CoolingDown = "cooling-down";
    public const string AwaitingApproval = "awaiting-approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    /// <summary>The name of the external event that carries an <see cref="ApprovalDecision"/>.</summary>
    public const string ApprovalEvent = "Approval";
}
