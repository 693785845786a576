"""Labour-rights events: news and index pages about the repression of trade unions, turned into
a deduplicated event table. Stages: sources -> raw pages -> documents -> mentions -> events."""

__version__ = "0.1.0"
