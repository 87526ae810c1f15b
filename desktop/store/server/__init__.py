"""The team server: the same project on PostgreSQL (issue 10). No Qt here.

`address` names a server database, `connection` builds engines and turns driver errors into
messages, `open` opens a server project, `copy` moves a project between a file and a server,
`live` and `presence` tell a window what others change and who is connected.
"""
