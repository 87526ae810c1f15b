"""Quaestio: keep track of open historical questions, the archives that may answer them,
and the requests sent there.

This module is the one place that names the application; packaging, desktop metadata,
platformdirs and the About dialog all read these values.
"""

APP_NAME = "Quaestio"
APP_ID = "org.quaestio.Quaestio"
__version__ = "0.1.0"
