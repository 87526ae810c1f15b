"""The fixed vocabularies of the domain. Stored as their string values, so a project file
stays readable with the sqlite3 command line."""

from enum import StrEnum


class QuestionStatus(StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    ANSWERED = "answered"
    PARKED = "parked"
    ABANDONED = "abandoned"


class Likelihood(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    UNLIKELY = "unlikely"


class RequestKind(StrEnum):
    READING_ROOM = "reading_room"
    COPIES = "copies"
    ARCHIVAL_QUERY = "archival_query"
    DECLASSIFICATION = "declassification"
    FOIA = "foia"
    MDR = "mdr"
    APPEAL = "appeal"


REQUEST_KIND_LABELS = {
    RequestKind.READING_ROOM: "Reading-room access",
    RequestKind.COPIES: "Copies",
    RequestKind.ARCHIVAL_QUERY: "Archival query",
    RequestKind.DECLASSIFICATION: "Declassification",
    RequestKind.FOIA: "Freedom of information",
    RequestKind.MDR: "Mandatory declassification review",
    RequestKind.APPEAL: "Appeal",
}


class TemplateKind(StrEnum):
    """What a letter template is for: each kind of request, plus follow-ups and appeals."""

    READING_ROOM = "reading_room"
    COPIES = "copies"
    ARCHIVAL_QUERY = "archival_query"
    DECLASSIFICATION = "declassification"
    FOIA = "foia"
    MDR = "mdr"
    FOLLOW_UP = "follow_up"
    APPEAL = "appeal"


class TemplateScope(StrEnum):
    """How specific a letter template is; lookups try archive, then regime, then default."""

    ARCHIVE = "archive"
    REGIME = "regime"
    DEFAULT = "default"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Channel(StrEnum):
    POST = "post"
    REGISTERED_POST = "registered_post"
    EMAIL = "email"
    FAX = "fax"
    PORTAL = "portal"
    IN_PERSON = "in_person"


class CommunicationCategory(StrEnum):
    INITIAL = "initial"
    FOLLOW_UP = "follow_up"
    CLARIFICATION = "clarification"
    APPEAL = "appeal"
    PAYMENT = "payment"
    WITHDRAWAL = "withdrawal"
    ACKNOWLEDGEMENT = "acknowledgement"
    RESPONSE = "response"


class TrackingReason(StrEnum):
    INITIAL = "initial"
    APPEAL = "appeal"
    TRANSFER = "transfer"


class AccessStatus(StrEnum):
    OPEN = "open"
    RESTRICTED = "restricted"
    CLASSIFIED = "classified"
    UNKNOWN = "unknown"


class ReferenceStyle(StrEnum):
    """How an archive writes a reference: ф./оп./д./л.; RG/Entry/Box; 請求番号/JACAR; ф./д./х.н."""

    RU = "ru"
    US = "us"
    JP = "jp"
    MN = "mn"
    OTHER = "other"


LANGUAGES = {"ru": "Russian", "ja": "Japanese", "mn": "Mongolian", "en": "English"}
