using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace VideoGen.Pipeline.Notifications;

/// <summary>
/// Sends approval requests and reminders by SMTP (MailKit), composed by <see cref="ApprovalEmailComposer"/>. One
/// connection per message; failures throw <see cref="EmailDeliveryException"/>. The password is only handed to the
/// SMTP authenticator and never logged; MailKit's protocol log is not enabled.
/// </summary>
public sealed partial class EmailApprovalSender
{
    private readonly EmailOptions _options;
    private readonly MailboxAddress _from;
    private readonly ILogger _logger;

    /// <summary>Creates the sender.</summary>
    /// <exception cref="ArgumentException">Host or sender address missing or invalid.</exception>
    public EmailApprovalSender(EmailOptions options, ILogger<EmailApprovalSender> logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            throw new ArgumentException("Email:Host is required.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress) || !MailboxAddress.TryParse(options.FromAddress, out var from))
        {
            throw new ArgumentException("Email:FromAddress must be a valid email address.", nameof(options));
        }

        from.Name = options.FromName;
        _from = from;
    }

    /// <summary>Sends the first approval request for a brief.</summary>
    /// <exception cref="EmailDeliveryException">The SMTP server could not be reached or refused the message.</exception>
    public Task SendApprovalRequestAsync(ApprovalEmail email, CancellationToken cancellationToken = default) =>
        SendAsync(email, 0, cancellationToken);

    /// <summary>Sends reminder number <paramref name="reminderNumber"/> (1, 2, …) for a pending approval.</summary>
    /// <exception cref="EmailDeliveryException">The SMTP server could not be reached or refused the message.</exception>
    public Task SendReminderAsync(ApprovalEmail email, int reminderNumber, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reminderNumber, 1);
        return SendAsync(email, reminderNumber, cancellationToken);
    }

    private async Task SendAsync(ApprovalEmail email, int reminder, CancellationToken cancellationToken)
    {
        using var message = ApprovalEmailComposer.Compose(email, _from, reminder);
        using var smtp = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(_options.Host!, _options.Port, Map(_options.Security), cancellationToken).ConfigureAwait(false);
            if (_options.UserName is not null)
            {
                await smtp.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            await smtp.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await smtp.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (Classify(ex) is { } transient)
        {
            Log.Failed(_logger, _options.Host!, _options.Port, email.BriefId, ex.GetType().Name, transient);
            throw new EmailDeliveryException(
                $"Could not send the approval email for brief '{email.BriefId}' through {_options.Host}:{_options.Port}: {ex.Message}", transient, ex);
        }

        Log.Sent(_logger, email.BriefId, reminder, email.To.Count, _options.Host!);
    }

    private static bool? Classify(Exception ex) => ex switch
    {
        SmtpCommandException c => (int)c.StatusCode is >= 400 and < 500,
        AuthenticationException => false,
        SslHandshakeException => false,
        NotSupportedException => false, // e.g. credentials configured but the server offers no AUTH
        SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true, // MailKit's own timeout
        _ => null,
    };

    private static SecureSocketOptions Map(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security mode."),
    };

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Information, "Approval email for brief {BriefId} sent (reminder {Reminder}) to {Recipients} recipient(s) via {Host}")]
        public static partial void Sent(ILogger logger, string briefId, int reminder, int recipients, string host);

        [LoggerMessage(61, LogLevel.Error, "Approval email for brief {BriefId} via {Host}:{Port} failed ({Error}, transient {Transient})")]
        public static partial void Failed(ILogger logger, string host, int port, string briefId, string error, bool transient);
    }
}
