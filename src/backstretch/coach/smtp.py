"""The postman of alert e-mail: one connection to the clinic's SMTP server (smtplib), opened at
the first letter, secured with STARTTLS unless turned off, signed in when a user is set."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from backstretch.coach.alert_mail import MailNotSent
from backstretch.core.alert_mail import AlertLetter, SmtpSettings

TIMEOUT_SECONDS = 30


class SmtpPostman:
    """Sends letters through `settings`' server; use it in a `with` block (it closes)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpPostman:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def send(self, letter: AlertLetter) -> None:
        message = email_message(letter, self.settings.sender)
        try:
            self.connected().send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise MailNotSent(f"SMTP server {self.settings.where}: {why(error)}") from None

    def connected(self) -> smtplib.SMTP:
        if self.connection is None:
            settings = self.settings
            connection = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
            self.connection = connection
            if settings.starttls:
                connection.starttls(context=ssl.create_default_context())
            if settings.user:
                connection.login(settings.user, settings.password)
        return self.connection

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()


def email_message(letter: AlertLetter, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = letter.address
    message["Subject"] = letter.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[1])
    message.set_content(letter.body)
    return message


def why(error: Exception) -> str:
    """What went wrong, in our words where we know the case."""
    if isinstance(error, ConnectionRefusedError):
        return "the connection was refused (is the host and port right, and the server up?)"
    if isinstance(error, TimeoutError):
        return f"no answer within {TIMEOUT_SECONDS} seconds"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "it refused the user name or password (BACKSTRETCH_SMTP_USER, _PASSWORD)"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "it does not offer STARTTLS (BACKSTRETCH_SMTP_STARTTLS=off: on a safe network only)"
    if isinstance(error, ssl.SSLError):
        return f"STARTTLS failed ({error.reason or error})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"it refused the address {', '.join(error.recipients)}"
    return f"sending failed ({error})"
