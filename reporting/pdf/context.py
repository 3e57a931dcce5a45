"""What every section renderer needs: the snapshot, styles and formatters in the report's language."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import theme


@dataclass
class Ctx:
    snap: dict
    st: dict = field(default_factory=theme.styles)

    @property
    def lang(self) -> str:
        return self.snap["meta"]["language"]

    @property
    def currency(self) -> str:
        return self.snap["meta"]["currency"]

    def money(self, value) -> str:
        return theme.money(value, self.lang)

    def cmoney(self, value) -> str:
        return f"{self.currency} {theme.compact(value, self.lang)}"

    def num(self, value, places: int = 0) -> str:
        return theme.number(value, places, self.lang)

    def pct(self, value, places: int = 0) -> str:
        return theme.percent(value, self.lang, places)

    def status_labels(self) -> dict[str, str]:
        return {"on_track": _("On track"), "at_risk": _("At risk"), "off_track": _("Off track"),
                "no_data": _("No data yet")}
