"""Everything Qt: the main window, item models, panes and dialogs. Widgets never see a database
session; they call `Project.read`/`Project.write` with repository functions."""
