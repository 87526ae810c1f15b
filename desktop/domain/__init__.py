"""Domain rules with no Qt and no database: vocabularies, the request life cycle, deadlines,
archival reference formats and text repair."""
