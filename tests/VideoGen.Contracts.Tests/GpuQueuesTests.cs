using VideoGen.Contracts.Gpu;

namespace VideoGen.Contracts.Tests;

public sealed class GpuQueuesTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("tenant-a-", true)]
    [InlineData("0abc", true)]
    [InlineData("-abc", false)]
    [InlineData("Bad_Prefix", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123", true)]   // 30 characters
    [InlineData("abcdefghijklmnopqrstuvwxyz01234", false)] // 31
    public void IsValidPrefix_FollowsTheQueueNameRules(string prefix, bool valid) => Assert.Equal(valid, GpuQueues.IsValidPrefix(prefix));
}
