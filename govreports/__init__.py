"""govreports: China's government information-disclosure annual reports as data.

Layers, each importing only those below it: ``schema`` and ``places`` (the ground); ``parse``;
``store``; ``analysis``; ``crawl`` (Scrapy). At the top, the modules that join them: ``report``
(the clean and structure stages), ``local_files``, ``evaluate``, ``registry``, ``reparse``,
``demo``, ``bench`` and ``cli``; ``replicas`` serves the replica portals.
"""
