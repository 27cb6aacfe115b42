"""kg: knowledge graphs of papers, people, organizations, categories and topics from saved listing pages."""

__version__ = "0.1.0"
