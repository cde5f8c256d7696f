namespace VideoGen.Pipeline.Notifications;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Require STARTTLS after connecting (port 587). The default.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>STARTTLS if the server offers it, plain otherwise; local development only.</summary>
    StartTlsWhenAvailable,

    /// <summary>No TLS; local development only (maildev).</summary>
    None,
}

/// <summary>Settings of <see cref="EmailApprovalSender"/>.</summary>
public sealed class EmailOptions
{
    /// <summary>SMTP server host name. Required; no default.</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port (1–65535). Default: 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Connection security. Default: <see cref="SmtpSecurity.StartTls"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Sender address, e.g. <c>videogen@contoso.com</c>. Required; no default.</summary>
    public string? FromAddress { get; set; }

    /// <summary>Sender display name. Default: <c>VideoGen</c>.</summary>
    public string FromName { get; set; } = "VideoGen";

    /// <summary>SMTP user name; when null no authentication is attempted. Default: null.</summary>
    public string? UserName { get; set; }

    /// <summary>SMTP password. A secret: never logged. Default: null.</summary>
    public string? Password { get; set; }

    /// <summary>Timeout of each SMTP operation. Default: 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
