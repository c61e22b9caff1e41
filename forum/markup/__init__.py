"""User text to HTML: Markdown rendered once on save, then sanitized. See render.py."""

from .render import Rendered, render_markdown

__all__ = ["Rendered", "render_markdown"]
