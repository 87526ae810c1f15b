"""Letters as e-mail drafts (.eml): UTF-8, To and Subject filled in, ready for a mail client.

`X-Unsent: 1` makes Outlook and Thunderbird-based clients open the file as a draft to send,
not as a received message.
"""

from __future__ import annotations

from datetime import datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, make_msgid
from pathlib import Path

from desktop.letters.errors import ExportFailed
from desktop.letters.render import Letter

# Headers are not folded at 78 columns: Python folds long encoded Cyrillic headers in the middle
# of a word, and readers then show "государствен ный". 998 is the hard limit of RFC 5322.
_POLICY = default.clone(max_line_length=998)


def letter_as_email(letter: Letter) -> EmailMessage:
    if not letter.recipient_email:
        raise ExportFailed(
            f"{letter.archive_identifier} has no e-mail address, so the letter cannot be written as an "
            "e-mail. Add the address to the archive, or export the letter as PDF or DOCX for the post."
        )
    message = EmailMessage(policy=_POLICY)
    try:
        message["To"] = Address(display_name=letter.archive_name, addr_spec=letter.recipient_email)
        if letter.sender_email:
            message["From"] = Address(display_name=letter.sender_name, addr_spec=letter.sender_email)
    except (ValueError, IndexError) as exc:
        raise ExportFailed(
            f"An e-mail address is not valid ({exc}); correct it in the archive or in Preferences."
        ) from None
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(datetime.combine(letter.dated, time(9, 0)).astimezone())
    message["Message-ID"] = make_msgid(domain="quaestio.invalid")
    message["Content-Language"] = letter.language
    message["X-Unsent"] = "1"
    # quoted-printable: a paragraph of Cyrillic is longer than the 998 bytes a mail line may hold
    message.set_content(letter.text + "\n", subtype="plain", charset="utf-8", cte="quoted-printable")
    return message


def write_email(letter: Letter, path: Path) -> Path:
    path.write_bytes(letter_as_email(letter).as_bytes())
    return path
