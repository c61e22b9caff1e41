"""{% pages_of number last as pages %}: a Pages (forum/core/paging.py) for a template that has only
the numbers, such as a thread's comment pager, so that it shares templates/_page_numbers.html."""

from django import template

from forum.core.paging import Pages

register = template.Library()


@register.simple_tag
def pages_of(number, last):
    return Pages(number, last)
