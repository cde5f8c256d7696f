using System.Collections;

namespace VideoGen.Media.Tests;

public class CancellationTests
{
    [Fact]
    public async Task EncodeAsync_CancelledWhileFramesArePiped_StopsFfmpegAndThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var frames = new CancellingFrames(2000, cancelAt: 50, cts);
        string path = Synthetic.TempPath(".mp4");
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => VideoEncoder.EncodeAsync(
                new FrameSequence(Synthetic.Width, Synthetic.Height, Synthetic.Fps, frames), path, EncodeTier.Final, cancellationToken: cts.Token));

            Assert.True(frames.Enumerated < 2000, $"{frames.Enumerated} frames were piped");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Frames whose enumeration (the pipe, not validation) cancels the token at a given frame.</summary>
    private sealed class CancellingFrames(int count, int cancelAt, CancellationTokenSource cts) : IReadOnlyList<byte[]>
    {
        private readonly byte[] _frame = Synthetic.Frame(0);

        public int Enumerated { get; private set; }

        public int Count => count;

        public byte[] this[int index] => _frame;

        public IEnumerator<byte[]> GetEnumerator()
        {
            for (int i = 0; i < count; i++)
            {
                if (i == cancelAt)
                {
                    cts.Cancel();
                }

                Enumerated = i + 1;
                yield return Synthetic.Frame(i);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
