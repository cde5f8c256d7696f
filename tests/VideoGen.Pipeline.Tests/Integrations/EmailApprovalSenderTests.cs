using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MimeKit;
using VideoGen.Pipeline.Notifications;

namespace VideoGen.Pipeline.Tests.Integrations;

[Collection(MaildevCollection.Name)]
public sealed class EmailApprovalSenderTests(MaildevFixture fixture)
{
    private const string Password = "smtp-password-never-logged-42";

    private readonly CapturingLogs _logs = new();

    private static readonly byte[] Thumbnail = TestImages.Jpeg(320, 180);

    private EmailApprovalSender Sender(int? port = null, string? user = null) => new(
        new EmailOptions
        {
            Host = MaildevProcess.Host,
            Port = port ?? fixture.Maildev.SmtpPort,
            Security = SmtpSecurity.None,
            FromAddress = "videogen@contoso.test",
            UserName = user,
            Password = user is null ? null : Password,
            Timeout = TimeSpan.FromSeconds(10),
        },
        _logs.For<EmailApprovalSender>());

    private static ApprovalEmail Email(string briefId, string title = "Spring kettle launch") => new(
        ["reviewer@contoso.test"], "contoso", briefId, title,
        new Uri($"https://videogen.contoso.test/review/{briefId}?t=opaque-token"),
        Thumbnail, new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero), "Pass (Hate 0; Violence 0)");

    private static string NewBriefId() => "brief-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(JsonObject Json, MimeMessage Mime)> DeliveredAsync(string briefId)
    {
        var json = await fixture.Maildev.WaitForEmailAsync(e => (e["text"]?.GetValue<string>() ?? string.Empty).Contains(briefId, StringComparison.Ordinal));
        var source = await fixture.Maildev.GetSourceAsync(json["id"]!.GetValue<string>());
        using var stream = new MemoryStream(source);
        return (json, await MimeMessage.LoadAsync(stream));
    }

    [Fact]
    public async Task SendApprovalRequest_Maildev_DeliversSubjectBodiesLinkAndInlineThumbnail()
    {
        var briefId = NewBriefId();
        await Sender().SendApprovalRequestAsync(Email(briefId));

        var (json, mime) = await DeliveredAsync(briefId);

        Assert.Equal("reviewer@contoso.test", json["to"]![0]!["address"]!.GetValue<string>());
        Assert.Equal("videogen@contoso.test", json["from"]![0]!["address"]!.GetValue<string>());
        Assert.Equal("Approval needed: Spring kettle launch", json["subject"]!.GetValue<string>());
        var link = $"https://videogen.contoso.test/review/{briefId}?t=opaque-token";
        Assert.Contains($"Open review page: {link}", json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Safety check: Pass (Hate 0; Violence 0)", json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Open review page</a>", json["html"]!.GetValue<string>(), StringComparison.Ordinal);

        var attachment = Assert.Single(json["attachments"]!.AsArray());
        Assert.Equal("image/jpeg", attachment!["contentType"]!.GetValue<string>());
        Assert.Equal("inline", attachment["contentDisposition"]!.GetValue<string>());
        var contentId = attachment["contentId"]!.GetValue<string>().Trim('<', '>');

        // The raw message: HTML references the inline image by cid, and the image bytes are the thumbnail.
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(link)}\"", mime.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"src=\"cid:{contentId}\"", mime.HtmlBody, StringComparison.Ordinal);
        var image = mime.BodyParts.OfType<MimePart>().Single(p => p.ContentId == contentId);
        using var bytes = new MemoryStream();
        await image.Content!.DecodeToAsync(bytes);
        Assert.Equal(Thumbnail, bytes.ToArray());
        Assert.Contains(mime.BodyParts, p => p.ContentType.MimeType == "text/plain");
    }

    [Fact]
    public async Task SendReminder_Maildev_SubjectNamesReminderAndBrief()
    {
        var briefId = NewBriefId();
        await Sender().SendReminderAsync(Email(briefId), 2);

        var (json, _) = await DeliveredAsync(briefId);

        Assert.Equal("Reminder 2: approval still needed: Spring kettle launch", json["subject"]!.GetValue<string>());
        Assert.Contains("still waiting for your review", json["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendApprovalRequest_HostileTitle_SubjectOneLineAndHtmlEncoded()
    {
        var briefId = NewBriefId();
        await Sender().SendApprovalRequestAsync(Email(briefId, "Launch <script>alert(1)</script>\r\nBcc: victim@x.test"));

        var (json, mime) = await DeliveredAsync(briefId);

        Assert.Equal("Approval needed: Launch <script>alert(1)</script>  Bcc: victim@x.test", json["subject"]!.GetValue<string>());
        Assert.Empty(mime.Bcc);
        Assert.DoesNotContain("<script>", mime.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", mime.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendApprovalRequest_SmtpUnreachable_ThrowsTransientWithoutLoggingPassword()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var ex = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(closedPort, "mailer").SendApprovalRequestAsync(Email(NewBriefId())));

        Assert.True(ex.Transient);
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(Password, _logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendApprovalRequest_CredentialsButServerWithoutAuth_ThrowsPermanentWithoutLoggingPassword()
    {
        var ex = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(user: "mailer").SendApprovalRequestAsync(Email(NewBriefId())));

        Assert.False(ex.Transient);
        Assert.DoesNotContain(Password, _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_ThumbnailNotAnImage_Throws() =>
        Assert.Throws<ArgumentException>(() => ApprovalEmailComposer.Compose(
            Email("b") with { Thumbnail = new byte[10] }, new MailboxAddress("VideoGen", "v@contoso.test"), 0));

    [Fact]
    public void Compose_NoRecipients_Throws() =>
        Assert.Throws<ArgumentException>(() => ApprovalEmailComposer.Compose(
            Email("b") with { To = [] }, new MailboxAddress("VideoGen", "v@contoso.test"), 0));

    [Fact]
    public void Constructor_MissingFromAddress_ThrowsNamingSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EmailApprovalSender(new EmailOptions { Host = "smtp.contoso.test" }, _logs.For<EmailApprovalSender>()));
        Assert.Contains("Email:FromAddress", ex.Message, StringComparison.Ordinal);
    }
}
