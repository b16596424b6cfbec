from django import template

from ..sitemaps import url_entries

register = template.Library()
register.simple_tag(url_entries)
