"""Scrapy settings for govreports: polite by default, for small government servers."""

from govreports.schema import SCHEMA_FIELDS

BOT_NAME = "govreports"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = "govreports/0.1 (+https://github.com/govreports/govreports; research crawler of 政府信息公开年报)"
ROBOTSTXT_OBEY = True

# At most two requests at a time per host, a second apart, slowed further when the host is slow.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many tasks for every response's output; ours is one item or a few links,
# so the default 100 only added scheduling work (bench: 16 → 4 took ~10% off the crawl process).
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# Only public http(s) destinations: other schemes and non-public IP literals are refused here,
# names resolving to non-public addresses by the resolver (see govreports/destinations.py).
TWISTED_DNS_RESOLVER = "govreports.crawl.destinations.PublicAddressResolver"
DOWNLOADER_MIDDLEWARES = {
    "govreports.crawl.destinations.DestinationPolicyMiddleware": 60,
    # Scrapy's offsite filter at its own place, with a set of domains (thousands in a registry crawl).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "govreports.crawl.offsite.DomainSetOffsiteMiddleware": 50,
    # robots.txt as Scrapy obeys it, plus its Crawl-delay per host.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "govreports.crawl.politeness.RobotsCrawlDelayMiddleware": 100,
    # Challenges, cookie walls and moved domains, counted and named (govreports/transport.py).
    "govreports.crawl.transport.TransportFaultMiddleware": 650,
    # Report pages the store already has are asked for only if they changed (304 otherwise).
    "govreports.crawl.incremental.ConditionalRequestMiddleware": 580,
    # Before HttpProxyMiddleware (750), so the proxy it sets is the one used.
    "govreports.crawl.replica_proxy.ReplicaProxyMiddleware": 740,
    # Last before the download: sees every request's outcome first (govreports/crawl/progress.py).
    "govreports.crawl.progress.CrawlProgress": 900,
}
# Progress of a crawl: a live bar on a terminal, and a log line this often (s; 0: none).
PROGRESS_BAR = True
PROGRESS_INTERVAL = 60
# Two registry rows on one host each crawl it (govreports/crawl/fingerprints.py).
REQUEST_FINGERPRINTER_CLASS = "govreports.crawl.fingerprints.PortalRequestFingerprinter"
# A page that is only a script shell (its list built in the browser) is named, never a report.
SPIDER_MIDDLEWARES = {"govreports.crawl.transport.ScriptShellMiddleware": 950}
# Empty unless running against the replica portals: e.g. http://127.0.0.1:8765 (loopback only).
REPLICA_PROXY = ""

ITEM_PIPELINES = {
    # Attachments (PDF, DOCX, XLSX, DOC/WPS/XLS): downloaded, then read into the page (govreports/attachments.py).
    "pipelines.attachment_files.AttachmentFilesPipeline": 50,
    "pipelines.attachment_text.AttachmentTextPipeline": 80,
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.structure.StructurePipeline": 200,
    "pipelines.validate.ValidatePipeline": 300,
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.sqlite_export.SqliteExportPipeline": 500,
}
# Attachment files, kept by the hash of their URL; each capped (Scrapy stops reading past it).
FILES_STORE = "attachments"
ATTACHMENT_MAXSIZE = 30 * 1024 * 1024
# Hanweb's downfile.jsp answers with a 302 to /attach/…; Scrapy's media pipelines stop at redirects
# unless told. The redirect target is still checked against allowed_domains by the offsite filter.
MEDIA_ALLOW_REDIRECTS = True
# The default embedded store; set to an empty string to disable.
SQLITE_PATH = "reports.sqlite"
# 0: every step runs in the crawl process. N: cleaning and structuring run in N worker processes
# and the store's writes in one more, so a fast crawl uses more than one core (govreports/workers.py).
PROCESSING_WORKERS = 0
FULL_REFRESH = False  # True: download every report again, ignoring ETag/Last-Modified
REPORT_RECHECK_DAYS = 7  # a report fetched more recently is not asked for again (0: always ask)
# The end-of-crawl summary and stats file; our crawl command exits 2 when a spider found nothing.
COMMANDS_MODULE = "govreports.crawl.commands"
EXTENSIONS = {"govreports.crawl.run_report.RunReport": 500, "govreports.crawl.jobdir.JobdirGuard": 510}
STATS_DIR = "crawl-stats"  # one JSON file of stats per crawl; empty to skip

# Scale-out: with REDIS_URL set, the workers of one CRAWL_RUN share a request queue and a
# duplicate filter in Redis (govreports/shared_crawl.py); the keys expire REDIS_KEY_TTL s after.
ADDONS = {"govreports.crawl.shared_crawl.SharedCrawlAddon": 0}
REDIS_URL = ""
CRAWL_RUN = ""  # default: today's UTC date, so workers started the same day share one crawl
REDIS_KEY_TTL = 7 * 24 * 3600

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(SCHEMA_FIELDS)  # docs/schema.md order; the pipelines' scratch field is not exported

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
# No console into a running crawl: Scrapy's telnet console and its remote-control endpoint (on
# by default since 2.19, an HTTP server on localhost that runs code) are both off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_FORMATTER = "govreports.crawl.log_formatter.ReportLogFormatter"
