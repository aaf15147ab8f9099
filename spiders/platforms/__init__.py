"""Platform base spiders: all knowledge of how a CMS lists and pages its 年报 lives here."""

from spiders.platforms.base import ReportSpider
from spiders.platforms.gkmlpt import GkmlptSpider
from spiders.platforms.hanweb import HanwebSpider
from spiders.platforms.label import LabelSpider
from spiders.platforms.legacy import LegacySpider
from spiders.platforms.trs import TrsSpider
from spiders.platforms.vsb import VsbSpider

__all__ = ["GkmlptSpider", "HanwebSpider", "LabelSpider", "LegacySpider", "ReportSpider", "TrsSpider", "VsbSpider"]
