"""`backstretch alerts send`: e-mail clinicians their new alerts through the clinic's SMTP
server, for a shared server's database (like `backstretch accounts`); coach/alert_mail.py
decides what is due."""

from __future__ import annotations

import os

import click

from backstretch.cli.account_commands import URL_OPTION, public_url, reception_of
from backstretch.cli.app import App
from backstretch.coach.alert_mail import AlertMailer, Delivery
from backstretch.coach.alerts import AlertDesk
from backstretch.coach.sharing import Consent
from backstretch.core.alert_mail import smtp_settings


@click.group()
def alerts() -> None:
    """E-mail clinicians the alerts of the people who share with them.

    \b
    Set the clinic's SMTP server in the environment: BACKSTRETCH_SMTP_HOST, _PORT (587),
    _FROM, _STARTTLS (on), _USER and _PASSWORD; a clinician's address with
    backstretch accounts email USERNAME ADDRESS. The mail names the person and the kind of
    alert, never the health details: the clinician signs in to read them.

    \b
    Examples:
      backstretch alerts send --dry-run
      backstretch alerts send
    """


@alerts.command()
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send and mark nothing.")
@URL_OPTION
@click.pass_obj
def send(app: App, dry_run: bool, url: str | None) -> None:
    """Send each clinician one e-mail per new alert, once (run it every few minutes)."""
    link = public_url(url)
    settings = None if dry_run else smtp_settings(os.environ)
    with reception_of(app) as reception:
        mailer = AlertMailer(AlertDesk(Consent(reception)), link)
        deliveries = mailer.due()
        if dry_run or settings is None:
            print_due(deliveries)
            return
        from backstretch.coach.smtp import SmtpPostman

        with SmtpPostman(settings) as postman:
            sent = mailer.send(deliveries, postman)
    click.echo(f"Sent {sent} alert e-mail{'s' * (sent != 1)} through {settings.where}.")


def print_due(deliveries: list[Delivery]) -> None:
    if not deliveries:
        click.echo("No alert e-mail to send.")
        return
    count = len(deliveries)
    click.echo(f"Would send {count} alert e-mail{'s' * (count != 1)} (--dry-run: none sent):")
    for delivery in deliveries:
        letter = delivery.letter
        click.echo(f"  to {letter.clinician} <{letter.address}>: {letter.subject}")
