"""The original's conveniences, done in Markdown's tree: a bare image URL shows the image."""

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

IMAGE_URL = re.compile(r"^https?://\S+\.(?:png|jpe?g|gif|webp)(?:\?\S*)?$", re.IGNORECASE)


class ImageLinks(Treeprocessor):
    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                href = child.get("href", "")
                if child.tag == "a" and IMAGE_URL.match(href) and (child.text or "") == href:
                    image = etree.Element("img", {"src": href, "alt": ""})
                    image.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, image)


class ForumConveniences(Extension):
    def extendMarkdown(self, md):
        # After inline patterns (priority 20), so magiclink's links exist.
        md.treeprocessors.register(ImageLinks(md), "forum_image_links", 5)
