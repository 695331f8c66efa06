"""Service-level targets, which the KPIs measure against."""

from __future__ import annotations

from pydantic import Field

from gridsim.scenario.section import Minutes, Section


class Targets(Section):
    """Service-level targets ("三个一"): on site, routine resolved, complex planned."""

    on_site_min: Minutes = Field(10.0, description="On site within, minutes after the report.")
    routine_resolved_min: Minutes = Field(60.0, description="Routine issues resolved within.")
    complex_plan_min: Minutes = Field(1440.0, description="Complex issues planned within.")
