"""Dialogs of the File and Help menus: new project, project properties, keyboard shortcuts."""
