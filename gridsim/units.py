"""Units of time. The simulation clock counts minutes from the start of the run; scenarios
speak in hours and days, so every conversion goes through these constants."""

from __future__ import annotations

MINUTES_PER_HOUR = 60.0
HOURS_PER_DAY = 24.0
MINUTES_PER_DAY = 1440.0
DAYS_PER_YEAR = 365.0
MINUTES_PER_YEAR = DAYS_PER_YEAR * MINUTES_PER_DAY
