using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Options;
using VideoGen.Pipeline.Approvals;
using static VideoGen.Pipeline.Tests.Trust.TrustTestData;

namespace VideoGen.Pipeline.Tests.Trust;

public sealed class ApprovalTokenServiceTests
{
    [Fact]
    public void Validate_IssuedToken_ReturnsSameGrant()
    {
        ApprovalTokenService tokens = Tokens();
        ApprovalGrant grant = tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);

        string token = tokens.Issue(grant);

        Assert.Equal(grant, tokens.Validate(token, Now.AddHours(1)));
        Assert.Equal(Now.AddHours(72), grant.ExpiresAt);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.DoesNotContain('=', token);
    }

    [Fact]
    public void Validate_TamperedPayload_ThrowsBadSignature()
    {
        ApprovalTokenService tokens = Tokens();
        string token = tokens.Issue(tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));
        string[] parts = token.Split('.');
        string json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]).AsSpan(1));
        byte[] forged = [ApprovalTokenService.Version, .. Encoding.UTF8.GetBytes(json.Replace("inst-1", "inst-2", StringComparison.Ordinal))];

        var e = Assert.Throws<ApprovalTokenException>(() => tokens.Validate(Base64Url.EncodeToString(forged) + "." + parts[1], Now));

        Assert.Equal(ApprovalTokenFailure.BadSignature, e.Reason);
    }

    [Fact]
    public void Validate_TamperedMac_ThrowsBadSignature()
    {
        ApprovalTokenService tokens = Tokens();
        string token = tokens.Issue(tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));
        char last = token[^2];
        string tampered = token[..^2] + (last == 'A' ? 'B' : 'A') + token[^1];

        var e = Assert.Throws<ApprovalTokenException>(() => tokens.Validate(tampered, Now));

        Assert.Equal(ApprovalTokenFailure.BadSignature, e.Reason);
    }

    [Fact]
    public void Validate_SameKeyIdOtherSecret_ThrowsBadSignature()
    {
        ApprovalTokenService ours = Tokens("k1", ("k1", NewSecret()));
        ApprovalTokenService forger = Tokens("k1", ("k1", NewSecret()));
        string forged = forger.Issue(forger.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));

        Assert.Equal(ApprovalTokenFailure.BadSignature, Assert.Throws<ApprovalTokenException>(() => ours.Validate(forged, Now)).Reason);
    }

    [Fact]
    public void Validate_UnconfiguredKeyId_ThrowsUnknownKey()
    {
        ApprovalTokenService ours = Tokens("k1", ("k1", NewSecret()));
        ApprovalTokenService other = Tokens("k9", ("k9", NewSecret()));
        string forged = other.Issue(other.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now));

        Assert.Equal(ApprovalTokenFailure.UnknownKey, Assert.Throws<ApprovalTokenException>(() => ours.Validate(forged, Now)).Reason);
    }

    [Fact]
    public void Validate_TokenOfPreviousKeyAfterRotation_IsAccepted()
    {
        string oldSecret = NewSecret();
        ApprovalTokenService before = Tokens("old", ("old", oldSecret));
        ApprovalTokenService after = Tokens("new", ("old", oldSecret), ("new", NewSecret()));
        ApprovalGrant grant = before.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);

        Assert.Equal(grant, after.Validate(before.Issue(grant), Now));
        Assert.Equal(ApprovalTokenFailure.UnknownKey, Assert.Throws<ApprovalTokenException>(
            () => before.Validate(after.Issue(grant), Now)).Reason);
    }

    [Fact]
    public void Validate_AtOrAfterExpiry_ThrowsExpired()
    {
        ApprovalTokenService tokens = Tokens();
        ApprovalGrant grant = tokens.CreateGrant(TenantA, "inst-1", "reviewer@example.com", "round-1", Now);
        string token = tokens.Issue(grant);

        Assert.Equal(ApprovalTokenFailure.Expired, Assert.Throws<ApprovalTokenException>(() => tokens.Validate(token, grant.ExpiresAt)).Reason);
        Assert.Equal(grant, tokens.Validate(token, grant.ExpiresAt.AddSeconds(-1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData(".abc")]
    public void Validate_Garbage_ThrowsMalformed(string token)
    {
        Assert.Equal(ApprovalTokenFailure.Malformed, Assert.Throws<ApprovalTokenException>(() => Tokens().Validate(token, Now)).Reason);
    }

    [Fact]
    public void Validate_OverSizeLimit_ThrowsMalformedWithoutParsing()
    {
        string huge = new string('A', 3000) + "." + new string('A', 43);

        var e = Assert.Throws<ApprovalTokenException>(() => Tokens().Validate(huge, Now));

        Assert.Equal(ApprovalTokenFailure.Malformed, e.Reason);
        Assert.Contains("longer than 2048", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ShortKey_ThrowsNamingTheKeyButNotTheSecret()
    {
        string shortSecret = Convert.ToBase64String(new byte[16]);
        var options = new ApprovalTokenOptions { CurrentKeyId = "k1" };
        options.Keys.Add(new ApprovalSigningKey { Id = "k1", Secret = shortSecret });

        var e = Assert.Throws<OptionsValidationException>(() => new ApprovalTokenService(Options.Create(options)));

        Assert.Contains("'k1' has 16 bytes", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortSecret, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CurrentKeyNotConfigured_Throws()
    {
        var options = new ApprovalTokenOptions { CurrentKeyId = "missing" };
        options.Keys.Add(new ApprovalSigningKey { Id = "k1", Secret = NewSecret() });

        Assert.Contains("'missing'", Assert.Throws<OptionsValidationException>(() => new ApprovalTokenService(Options.Create(options))).Message, StringComparison.Ordinal);
    }
}
